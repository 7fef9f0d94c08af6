package dev.ganforge.docker;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.ganforge.docker.ServiceContainers.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;

import static dev.ganforge.docker.ServiceContainers.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image as shipped: built from the Dockerfile, started until its HEALTHCHECK says
 * healthy, it serves the bundled models as PNGs, takes its settings from the environment,
 * keeps its state in volumes across a restart, trains from the command line on a
 * read-only datasets mount, and starts with no network at all (the PyTorch natives are in
 * the image). Needs a Docker engine; skips without one.
 */
@Tag("container")
@EnabledIf(value = "dev.ganforge.docker.ServiceContainers#dockerAvailable",
		disabledReason = ServiceContainers.NO_DOCKER)
class DockerImageTests {

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

	@BeforeAll
	static void buildImage() {
		ServiceContainers.image();
	}

	@Test
	void servesTheShippedModelsAndKeepsItsStateAcrossARestart() throws Exception {
		String generate = "{\"model\":\"fashion-dcgan-64\",\"seed\":42,\"scale\":2}";
		try (State state = State.create()) {
			byte[] before;
			try (GenericContainer<?> first = ServiceContainers.service(state, null,
					Map.of("GANFORGE_GENERATION_MAX_IMAGES_PER_REQUEST", "16"))) {
				first.start();
				HttpResponse<byte[]> health = send(first, "GET", "/actuator/health", null);
				assertThat(health.statusCode()).isEqualTo(200);
				assertThat(text(health)).contains("\"status\":\"UP\"");

				HttpResponse<byte[]> one = send(first, "POST", "/generate", generate);
				assertThat(one.statusCode()).isEqualTo(200);
				assertThat(one.headers().firstValue("Content-Type")).hasValue("image/png");
				assertThat(one.headers().firstValue("X-Model")).hasValue("fashion-dcgan-64");
				assertThat(Arrays.copyOf(one.body(), PNG_SIGNATURE.length)).isEqualTo(PNG_SIGNATURE);
				BufferedImage image = png(one.body());
				assertThat(image.getWidth()).isEqualTo(128);
				assertThat(image.getHeight()).isEqualTo(128);
				before = one.body();

				// 2x2 grid of 32x32 images, 2 px padding between and around: 2 * 34 + 2.
				BufferedImage grid = png(
						send(first, "POST", "/generate", "{\"model\":\"fashion-gan-32\",\"seed\":7,\"count\":4}")
							.body());
				assertThat(grid.getWidth()).isEqualTo(70);
				assertThat(grid.getHeight()).isEqualTo(70);

				// The environment sets ganforge.generation.max-images-per-request.
				HttpResponse<byte[]> tooMany = send(first, "POST", "/generate", "{\"seed\":1,\"count\":17}");
				assertThat(tooMany.statusCode()).isEqualTo(400);
				assertThat(text(tooMany)).contains("count must be from 1 to 16");

				assertThat(send(first, "DELETE", "/models/fashion-gan-32", null).statusCode()).isEqualTo(204);
				assertThat(first.execInContainer("id", "-u").getStdout().trim()).isEqualTo("10001");
				assertThat(first.getLogs()).contains("Started GanForgeApplication").doesNotContain("Extracting");
			}

			try (GenericContainer<?> second = ServiceContainers.service(state, null, Map.of())) {
				second.start();
				HttpResponse<byte[]> again = send(second, "POST", "/generate", generate);
				assertThat(again.statusCode()).isEqualTo(200);
				assertThat(again.body()).as("the same model from the volume draws the same image").isEqualTo(before);
				assertThat(send(second, "GET", "/models/fashion-gan-32", null).statusCode())
					.as("the deletion is kept in the models volume, not undone from the image's defaults")
					.isEqualTo(404);
			}
		}
	}

	@Test
	void trainsFromTheCommandLineOnAMountedDatasetIntoTheModelsVolume(@TempDir Path datasets) throws Exception {
		ServiceContainers.writeShapes(datasets, "shapes");
		try (State state = State.create()) {
			try (GenericContainer<?> train = ServiceContainers.container(state, datasets)
				.withCommand("train", "--dataset", "folder:shapes", "--arch", "gan", "--image-size", "16", "--steps",
						"20", "--batch-size", "16", "--progress", "none", "--out", "models/tiny")
				.withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(5)))) {
				train.start();
				assertThat(train.getLogs()).doesNotContain("Extracting");
			}
			try (GenericContainer<?> service = ServiceContainers.service(state, datasets, Map.of())) {
				service.start();
				assertThat(text(send(service, "GET", "/models/tiny", null))).contains("\"dataset\":\"folder:shapes\"",
						"\"step\":20");
				HttpResponse<byte[]> image = send(service, "POST", "/generate", "{\"model\":\"tiny\",\"seed\":1}");
				assertThat(image.statusCode()).isEqualTo(200);
				assertThat(png(image.body()).getWidth()).isEqualTo(16);
			}
		}
	}

	@Test
	void startsAndGeneratesWithoutANetwork() throws Exception {
		try (GenericContainer<?> offline = new GenericContainer<>(ServiceContainers.image()).withNetworkMode("none")
			.withCreateContainerCmdModifier((cmd) -> cmd.withHealthcheck(ServiceContainers.fastHealthcheck()))
			.waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(3)))) {
			offline.start();
			// No curl in the image: an HTTP request from bash, printing the response's
			// head.
			String request = """
					body='{"seed":3,"count":2}'
					exec 3<>/dev/tcp/127.0.0.1/8080
					printf 'POST /generate HTTP/1.0\\r\\nHost: localhost\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n%s' "${#body}" "$body" >&3
					while IFS= read -r line <&3 && [[ "$line" != $'\\r' ]]; do echo "$line"; done
					""";
			ExecResult response = offline.execInContainer("bash", "-c", request);
			assertThat(response.getStdout()).startsWith("HTTP/1.1 200").contains("Content-Type: image/png");
			assertThat(offline.execInContainer("bash", "-c", "[[ -w /opt/djl ]]").getExitCode())
				.as("the natives cache is read-only to the service")
				.isNotZero();
			assertThat(offline.getLogs()).doesNotContain("Extracting", "Downloading");
		}
	}

	private static BufferedImage png(byte[] body) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(body));
		assertThat(image).as("a decodable PNG").isNotNull();
		return image;
	}

	private static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

}
