package dev.ganforge.evaluation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.cli.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: a client asks for an evaluation of a served model, polls it to the end,
 * and is told clearly when a model cannot be evaluated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EvaluationJourneyTests {

	@TempDir
	static Path dir;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("ganforge.models.dir", () -> dir.resolve("models").toString());
		registry.add("ganforge.evaluation.cache-dir", () -> dir.resolve("cache").toString());
	}

	@BeforeAll
	static void models() throws Exception {
		Path fashion = Files.createDirectories(dir.resolve("models/fashion-gan-32"));
		for (String file : new String[] { CheckpointStore.MANIFEST, CheckpointStore.GENERATOR }) {
			Files.copy(Path.of("models/fashion-gan-32").resolve(file), fashion.resolve(file));
		}
		assertThat(Cli.run(new String[] { "train", "--dataset", "synthetic:64", "--arch", "gan", "--image-size", "16",
				"--ngf", "8", "--ndf", "8", "--nz", "8", "--batch-size", "16", "--steps", "1", "--progress", "none",
				"--out", dir.resolve("models/shapes").toString(), "--run-dir", dir.resolve("runs/shapes").toString() }))
			.isZero();
	}

	@Test
	void requestPollAndReadAnEvaluation() throws Exception {
		HttpResponse<String> accepted = send("POST", "/models/fashion-gan-32/evaluations",
				"{\"samples\":100,\"seed\":9}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		String location = accepted.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith("/models/fashion-gan-32/evaluations/");

		JsonNode run = null;
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> poll = send("GET", location, null);
			assertThat(poll.statusCode()).isEqualTo(200);
			run = JsonMapper.builder().build().readTree(poll.body());
			if (run.get("state").asString().equals("SUCCEEDED") || run.get("state").asString().equals("FAILED")) {
				break;
			}
			Thread.sleep(250);
		}
		assertThat(run.get("state").asString()).isEqualTo("SUCCEEDED");
		JsonNode result = run.get("result");
		assertThat(result.get("samples").asInt()).isEqualTo(100);
		assertThat(result.get("seed").asLong()).isEqualTo(9);
		assertThat(result.get("fd").asDouble()).isPositive();
		assertThat(result.get("precision").asDouble()).isBetween(0.0, 1.0);
		assertThat(send("GET", "/models/fashion-gan-32/evaluations", null).body()).contains(run.get("id").asString());
	}

	@Test
	void aModelWithoutAFeatureSpaceOrAnUnknownModelIsAProblem() throws Exception {
		HttpResponse<String> shapes = send("POST", "/models/shapes/evaluations", null);
		assertThat(shapes.statusCode()).isEqualTo(422);
		assertThat(shapes.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(shapes.body()).contains("https://ganforge.dev/problems/no-feature-extractor", "synthetic:64");

		HttpResponse<String> unknown = send("POST", "/models/nobody/evaluations", null);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("https://ganforge.dev/problems/model-not-found");

		HttpResponse<String> noRun = send("GET", "/models/fashion-gan-32/evaluations/missing", null);
		assertThat(noRun.statusCode()).isEqualTo(404);
		assertThat(noRun.body()).contains("https://ganforge.dev/problems/evaluation-not-found");
	}

	@Test
	void listingTheEvaluationsOfNoModelIsAProblemAsDescribingItIs() throws Exception {
		HttpResponse<String> invalid = send("GET", "/models/.hidden/evaluations", null);
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.body()).contains("invalid-model-name");
		HttpResponse<String> missing = send("GET", "/models/no-such-model/evaluations", null);
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("model-not-found");
		assertThat(send("GET", "/models/shapes/evaluations", null).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
