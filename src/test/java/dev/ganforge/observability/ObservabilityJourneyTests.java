package dev.ganforge.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.engine.Engine;
import dev.ganforge.generation.GenerationFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator and a scraper see over real HTTP, with the application's own actuator
 * settings: generation meters, Prometheus series, probes, info, and nothing else exposed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObservabilityJourneyTests {

	private static final String MODEL = "tiny";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path modelsDir;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) throws IOException {
		if (modelsDir == null) {
			modelsDir = Files.createTempDirectory("ganforge-observability-journey");
			GenerationFixtures.writeTinyModel(modelsDir, MODEL);
		}
		registry.add("ganforge.models.dir", modelsDir::toString);
	}

	@Test
	void generationIsMeasuredPerModel() {
		assertThat(get("/generate?seed=1&count=3").statusCode()).isEqualTo(200);

		JsonNode batches = json("/actuator/metrics/gan.generation.batch.size?tag=model:" + MODEL);
		assertThat(measurement(batches, "COUNT")).isGreaterThanOrEqualTo(1);
		assertThat(measurement(batches, "TOTAL")).isGreaterThanOrEqualTo(3);
		assertThat(measurement(json("/actuator/metrics/gan.generation.images?tag=model:" + MODEL), "COUNT"))
			.isGreaterThanOrEqualTo(3);
		assertThat(measurement(
				json("/actuator/metrics/gan.generation.batch?tag=model:" + MODEL + "&tag=outcome:success"), "COUNT"))
			.isGreaterThanOrEqualTo(1);
		assertThat(measurement(json("/actuator/metrics/gan.generation.queue.wait?tag=model:" + MODEL), "COUNT"))
			.isGreaterThanOrEqualTo(1);
		assertThat(measurement(json("/actuator/metrics/gan.generation.queue.depth?tag=model:" + MODEL), "VALUE"))
			.isZero();
		// Boot's request timer covers latency per endpoint; the gan meters add the model.
		assertThat(measurement(json("/actuator/metrics/http.server.requests?tag=uri:/generate"), "COUNT"))
			.isGreaterThanOrEqualTo(1);

		HttpResponse<String> scrape = get("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		List<String> series = scrape.body().lines().filter((line) -> !line.startsWith("#")).toList();
		assertThat(series).anySatisfy((line) -> assertThat(line).startsWith("gan_generation_batch_size_images_bucket{")
			.contains("model=\"tiny\"", "le=\"4.0\""));
		assertThat(series).anySatisfy((line) -> assertThat(line).startsWith("gan_generation_batch_size_images_count{")
			.contains("model=\"tiny\"", "application=\"ganforge\""));
		assertThat(series).anySatisfy((line) -> assertThat(line).startsWith("gan_generation_batch_seconds_bucket{")
			.contains("model=\"tiny\"", "outcome=\"success\""));
		assertThat(series).anySatisfy(
				(line) -> assertThat(line).startsWith("gan_generation_images_total{").contains("model=\"tiny\""));
		assertThat(series).anySatisfy(
				(line) -> assertThat(line).startsWith("gan_generation_queue_depth_images{").contains("model=\"tiny\""));
		assertThat(series).anySatisfy((line) -> assertThat(line).startsWith("gan_generation_queue_wait_seconds_count{")
			.contains("model=\"tiny\""));
		assertThat(series).anySatisfy((line) -> assertThat(line).startsWith("http_server_requests_seconds_bucket{")
			.contains("uri=\"/generate\""));
	}

	@Test
	void aRequestForAnUnknownModelCreatesNoMeter() {
		assertThat(get("/generate?model=nope").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/metrics/gan.generation.images?tag=model:nope").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/prometheus").body()).doesNotContain("model=\"nope\"");
	}

	@Test
	void probesAreUpAndReadinessCoversTheEngineTheModelsAndTheJobStore() {
		HttpResponse<String> liveness = get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		JsonNode live = JSON.readTree(liveness.body());
		assertThat(live.get("status").asString()).isEqualTo("UP");
		assertThat(names(live.get("components"))).containsExactlyInAnyOrder("jobRunner", "livenessState");

		HttpResponse<String> readiness = get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		JsonNode ready = JSON.readTree(readiness.body());
		assertThat(ready.get("status").asString()).isEqualTo("UP");
		assertThat(names(ready.get("components"))).containsExactlyInAnyOrder("engine", "models", "jobStore",
				"readinessState");
		assertThat(ready.get("components").get("jobStore").get("details").get("store").asString()).isEqualTo("files");
		JsonNode engine = ready.get("components").get("engine");
		assertThat(engine.get("status").asString()).isEqualTo("UP");
		assertThat(engine.get("details").get("version").asString()).isEqualTo(Engine.getEngine("PyTorch").getVersion());
		assertThat(ready.get("components").get("models").get("details").get("ready").asInt()).isEqualTo(1);

		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).doesNotContain(modelsDir.toAbsolutePath().toString());
	}

	@Test
	void infoNamesTheBuildAndTheVersionsTheEngineReports() {
		JsonNode info = json("/actuator/info");
		assertThat(info.get("build").get("artifact").asString()).isEqualTo("ganforge");
		assertThat(info.get("build").get("version").asString()).isNotBlank();
		assertThat(info.get("java").get("version").asString()).isEqualTo(System.getProperty("java.version"));
		assertThat(info.get("djl").get("version").asString()).isEqualTo(Engine.getDjlVersion());
		assertThat(info.get("pytorch").get("version").asString()).isEqualTo(Engine.getEngine("PyTorch").getVersion());
		assertThat(info.get("models").get("default").asString()).isEqualTo(MODEL);
	}

	@Test
	void onlyTheOperatorEndpointsAreExposed() {
		assertThat(get("/actuator").statusCode()).isEqualTo(200);
		for (String hidden : List.of("env", "heapdump", "threaddump", "beans", "configprops", "loggers", "mappings")) {
			assertThat(get("/actuator/" + hidden).statusCode()).as(hidden).isEqualTo(404);
		}
		assertThat(send(request("/actuator/shutdown").POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode())
			.isEqualTo(404);
	}

	private static List<String> names(JsonNode object) {
		return object.propertyNames().stream().toList();
	}

	private static double measurement(JsonNode metric, String statistic) {
		for (JsonNode measurement : metric.get("measurements")) {
			if (measurement.get("statistic").asString().equals(statistic)) {
				return measurement.get("value").asDouble();
			}
		}
		throw new AssertionError("No " + statistic + " in " + metric);
	}

	private JsonNode json(String path) {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
