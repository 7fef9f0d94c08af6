package dev.ganforge.docker;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import dev.ganforge.docker.ServiceContainers.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import tools.jackson.databind.json.JsonMapper;

import static dev.ganforge.docker.ServiceContainers.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Training inside the container: a tiny job on a dataset mounted read-only succeeds, its
 * model is served, and after a restart on the same volumes the job record and the model
 * are still there. Needs a Docker engine; skips without one.
 */
@Tag("container")
@EnabledIf(value = "dev.ganforge.docker.ServiceContainers#dockerAvailable",
		disabledReason = ServiceContainers.NO_DOCKER)
class DockerJobsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED");

	private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

	@TempDir
	static Path datasets;

	@BeforeAll
	static void buildImageAndDataset() throws Exception {
		ServiceContainers.image();
		ServiceContainers.writeShapes(datasets, "shapes");
	}

	@Test
	void trainsOnAMountedDatasetAndKeepsTheJobAcrossARestart() throws Exception {
		try (State state = State.create()) {
			String job;
			try (GenericContainer<?> first = ServiceContainers.service(state, datasets, Map.of())) {
				first.start();
				String body = """
						{"dataset":"folder:shapes","architecture":"gan","imageSize":16,"steps":20,"batchSize":16,
						 "modelName":"tiny"}""";
				// Through a published port nothing is loopback: without the key, 401.
				HttpResponse<byte[]> refused = send(first, "POST", "/jobs", body, null);
				assertThat(refused.statusCode()).as(text(refused)).isEqualTo(401);
				HttpResponse<byte[]> submitted = send(first, "POST", "/jobs", """
						{"dataset":"folder:shapes","architecture":"gan","imageSize":16,"steps":20,"batchSize":16,
						 "modelName":"tiny"}""");
				assertThat(submitted.statusCode()).as(text(submitted)).isEqualTo(202);
				job = submitted.headers().firstValue("Location").orElseThrow();
				assertThat(job).matches("(http://[^/]+)?/jobs/[^/]+");
				job = job.substring(job.indexOf("/jobs/"));

				assertThat(awaitFinished(first, job)).isEqualTo("SUCCEEDED");
				assertThat(send(first, "GET", "/models/tiny", null).statusCode()).isEqualTo(200);
			}

			try (GenericContainer<?> second = ServiceContainers.service(state, datasets, Map.of())) {
				second.start();
				HttpResponse<byte[]> record = send(second, "GET", job, null);
				assertThat(record.statusCode()).as("the job record is kept in the jobs volume").isEqualTo(200);
				assertThat(status(record)).isEqualTo("SUCCEEDED");
				assertThat(send(second, "GET", "/models/tiny", null).statusCode()).isEqualTo(200);
				HttpResponse<byte[]> image = send(second, "POST", "/generate", "{\"model\":\"tiny\",\"seed\":1}");
				assertThat(image.statusCode()).isEqualTo(200);
				assertThat(ImageIO.read(new ByteArrayInputStream(image.body())).getWidth()).isEqualTo(16);
			}
		}
	}

	private static String awaitFinished(GenericContainer<?> container, String job) throws Exception {
		long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
		String status = null;
		while (System.nanoTime() < deadline) {
			HttpResponse<byte[]> response = send(container, "GET", job, null);
			assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
			status = status(response);
			if (FINISHED.contains(status)) {
				return status;
			}
			Thread.sleep(500);
		}
		return fail("job " + job + " still " + status + " after " + JOB_TIMEOUT + "; container log:\n"
				+ container.getLogs());
	}

	private static String status(HttpResponse<byte[]> response) {
		return JSON.readTree(response.body()).path("status").asString();
	}

	private static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

}
