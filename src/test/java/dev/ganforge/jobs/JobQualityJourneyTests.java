package dev.ganforge.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that evaluates as it trains, over real HTTP: a tiny DCGAN on the Fashion-MNIST
 * test split at 32x32, FD and KID on 200 images every 10 steps with the shipped
 * extractor; its quality, evaluations, events, meters and best model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobQualityJourneyTests {

	private static Path root;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) throws IOException {
		if (root == null) {
			root = Files.createTempDirectory("ganforge-job-quality");
		}
		registry.add("ganforge.models.dir", () -> root.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> root.resolve("jobs").toString());
		registry.add("ganforge.evaluation.cache-dir", () -> root.resolve("cache").toString());
	}

	@Test
	void anEvaluatingJobReportsItsQualityAndPublishesItsBestGenerator() throws Exception {
		JobsClient client = new JobsClient(this.port);
		String id = client.submit("{\"modelName\":\"quality-tiny\",\"dataset\":\"fashion-mnist:test\","
				+ "\"imageSize\":32,\"nz\":16,\"ngf\":8,\"ndf\":8,\"batchSize\":16,\"steps\":20,\"seed\":5,"
				+ "\"sampleEvery\":0,\"snapshotEvery\":0,\"evaluateEvery\":10,\"evaluateSamples\":200}");
		List<String> evaluationEvents = new ArrayList<>();
		HttpResponse<InputStream> stream = HttpClient.newHttpClient()
			.send(client.request("/jobs/" + id + "/events").header("Accept", "text/event-stream").GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
			String name = null;
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:") && "evaluation".equals(name)) {
					evaluationEvents.add(line.substring(5));
				}
			}
		}
		JsonNode done = client.awaitStatus(id, "SUCCEEDED");
		assertThat(evaluationEvents).hasSize(2);
		assertThat(JobsClient.JSON.readTree(evaluationEvents.get(1)).get("step").asLong()).isEqualTo(20);

		JsonNode quality = done.get("quality");
		assertThat(quality.get("latest").get("step").asLong()).isEqualTo(20);
		double latestFd = quality.get("latest").get("fd").asDouble();
		assertThat(latestFd).isFinite().isPositive();
		assertThat(quality.get("best").get("fd").asDouble()).isLessThanOrEqualTo(latestFd);
		assertThat(done.get("links").get("evaluations").asString()).isEqualTo("/jobs/" + id + "/evaluations");
		assertThat(done.get("links").get("bestModel").asString()).isEqualTo("/models/quality-tiny-best");
		// Persisted in job.json, not only in memory.
		JsonNode stored = JobsClient.JSON
			.readTree(Files.readString(root.resolve("jobs").resolve(id).resolve("job.json")));
		assertThat(stored.get("quality").get("latest").get("fd").asDouble()).isEqualTo(latestFd);

		List<JsonNode> rows = new ArrayList<>();
		client.json(client.get("/jobs/" + id + "/evaluations")).forEach(rows::add);
		assertThat(rows).extracting((r) -> r.get("step").asLong()).containsExactly(10L, 20L);
		assertThat(rows.get(1).get("samples").asInt()).isEqualTo(200);
		assertThat(rows.get(1).get("reference").asString()).isEqualTo("fashion-mnist:test");
		List<String> csv = new String(client.get("/jobs/" + id + "/evaluations?format=csv").body(),
				StandardCharsets.UTF_8)
			.lines()
			.toList();
		assertThat(csv).hasSize(3);
		assertThat(csv.get(0)).startsWith("step,fd,kid");

		JsonNode fd = client.json(client.get("/actuator/metrics/gan.quality.fd?tag=job:" + id));
		assertThat(fd.get("measurements").get(0).get("value").asDouble()).isFinite().isEqualTo(latestFd);
		JsonNode kid = client.json(client.get("/actuator/metrics/gan.quality.kid?tag=job:" + id));
		assertThat(kid.get("measurements").get(0).get("value").asDouble()).isFinite();

		JsonNode best = client.json(client.get("/models/quality-tiny-best"));
		assertThat(best.get("status").asString()).isEqualTo("READY");
		assertThat(best.get("manifest").get("metrics").get("fd").asDouble())
			.isEqualTo(quality.get("best").get("fd").asDouble(), org.assertj.core.data.Offset.offset(1e-3));
		JsonNode model = client.json(client.get("/models/quality-tiny"));
		assertThat(model.get("manifest").get("metrics").get("samples").asInt()).isEqualTo(200);
	}

}
