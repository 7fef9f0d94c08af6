package dev.ganforge.jobs;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training jobs over real HTTP, each in a real worker process on tiny synthetic data:
 * submit to a served model, cancel and resume with the step count carried on, the losses,
 * samples and events of a run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobsJourneyTests {

	private static final Path REAL_DATA = Path.of("/usr/share/datasets");

	private static Path root;

	@LocalServerPort
	int port;

	private JobsClient client;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) throws IOException {
		if (root == null) {
			root = Files.createTempDirectory("ganforge-jobs-journey");
			Files.createDirectories(root.resolve("data"));
		}
		registry.add("ganforge.models.dir", () -> root.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> root.resolve("jobs").toString());
		registry.add("ganforge.jobs.max-concurrent", () -> "2");
		registry.add("ganforge.data.roots", () -> root.resolve("data") + "," + REAL_DATA);
	}

	@BeforeEach
	void client() {
		this.client = new JobsClient(this.port);
	}

	@Test
	void aConditionalJobTrainsAModelThatTakesAClass() throws IOException {
		String body = JobsClient.tiny("journey-classes", 20).replace("}", ",\"conditional\":true}");
		String id = this.client.submit(body);
		JsonNode done = this.client.awaitStatus(id, "SUCCEEDED");
		assertThat(done.get("request").get("conditional").asBoolean()).isTrue();
		JsonNode model = this.client.json(this.client.get("/models/journey-classes"));
		assertThat(model.get("classes").toString()).isEqualTo("[\"circle\",\"square\",\"triangle\"]");
		// The sample grid has one row of 8 per class.
		assertThat(image(this.client.get("/jobs/" + id + "/samples/latest").body()).getHeight())
			.isEqualTo(3 * 16 + 4 * 2);
		HttpResponse<byte[]> square = this.client.post("/generate",
				"{\"model\":\"journey-classes\",\"seed\":3,\"class\":\"square\",\"format\":\"json\"}");
		assertThat(this.client.json(square).get("images").get(0).get("class").asString()).isEqualTo("square");
	}

	@Test
	void aConditionalJobOnDataWithoutClassesIsRefusedUpFront() throws IOException {
		Path flat = Files.createDirectories(root.resolve("data/flat-images"));
		Path single = Files.createDirectories(root.resolve("data/one-class/boot"));
		for (int i = 0; i < 2; i++) {
			ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
					flat.resolve(i + ".png").toFile());
			ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
					single.resolve(i + ".png").toFile());
		}
		for (String folder : List.of("flat-images", "one-class")) {
			HttpResponse<byte[]> refused = this.client.post("/jobs",
					JobsClient.tiny("refused-" + folder, 5)
						.replace("\"synthetic:64\"", "\"folder:" + folder + "\"")
						.replace("}", ",\"conditional\":true}"));
			assertThat(refused.statusCode()).as(folder).isEqualTo(400);
			JsonNode problem = this.client.json(refused);
			assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("conditional");
			assertThat(problem.get("detail").asString()).containsAnyOf("has no labels", "has one class");
		}
	}

	@Test
	void aSubmittedJobTrainsAndItsModelIsServed() throws IOException {
		HttpResponse<byte[]> submitted = this.client.post("/jobs", JobsClient.tiny("journey-tiny", 30));
		assertThat(submitted.statusCode()).isEqualTo(202);
		JsonNode job = this.client.json(submitted);
		String id = job.get("id").asString();
		assertThat(submitted.headers().firstValue("Location")).hasValue("/jobs/" + id);
		assertThat(job.get("status").asString()).isIn("QUEUED", "RUNNING");
		assertThat(job.get("request").get("learningRateD").asDouble()).as("defaults are echoed").isEqualTo(2e-4);
		assertThat(job.get("links").get("events").asString()).isEqualTo("/jobs/" + id + "/events");

		JsonNode done = this.client.awaitStatus(id, "SUCCEEDED");
		assertThat(JobsClient.step(done)).isEqualTo(30);
		assertThat(done.get("progress").get("totalSteps").asLong()).isEqualTo(30);
		assertThat(done.get("latest").get("lossD").isNumber()).isTrue();
		assertThat(done.get("finishedAt").isNull()).isFalse();
		assertThat(done.get("links").get("model").asString()).isEqualTo("/models/journey-tiny");

		JsonNode model = this.client.json(this.client.get("/models/journey-tiny"));
		assertThat(model.get("status").asString()).isEqualTo("READY");
		assertThat(model.get("manifest").get("step").asLong()).isEqualTo(30);
		assertThat(model.get("manifest").get("provenance").get("source").asString()).isEqualTo("job:" + id);
		HttpResponse<byte[]> png = this.client.post("/generate", "{\"model\":\"journey-tiny\",\"seed\":3}");
		assertThat(png.statusCode()).isEqualTo(200);
		assertThat(image(png.body()).getWidth()).isEqualTo(16);

		List<JsonNode> rows = list(this.client.json(this.client.get("/jobs/" + id + "/losses")));
		assertThat(rows).hasSize(30);
		assertThat(rows.get(29).get("step").asLong()).isEqualTo(30);
		assertThat(rows).allSatisfy((row) -> assertThat(Double.isFinite(row.get("lossG").asDouble())).isTrue());
		assertThat(list(this.client.json(this.client.get("/jobs/" + id + "/losses?after=25")))).hasSize(5);
		HttpResponse<byte[]> csv = this.client.get("/jobs/" + id + "/losses", "text/csv");
		assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
		List<String> lines = new String(csv.body(), StandardCharsets.UTF_8).lines().toList();
		assertThat(lines.get(0)).isEqualTo("step,epoch,lossD,lossG,dReal,dFakeBefore,dFakeAfter,imagesPerSecond");
		assertThat(lines).hasSize(31);
		assertThat(image(this.client.get("/jobs/" + id + "/losses/plot?width=640&height=480").body()).getWidth())
			.isEqualTo(640);
		HttpResponse<byte[]> huge = this.client.get("/jobs/" + id + "/losses/plot?width=4000&height=4000");
		assertThat(huge.statusCode()).as("a plot's size is capped").isEqualTo(400);
		assertThat(this.client.json(huge).get("errors").get(0).get("field").asString()).isEqualTo("width");

		List<JsonNode> samples = list(this.client.json(this.client.get("/jobs/" + id + "/samples")));
		assertThat(samples).extracting((s) -> s.get("step").asLong()).containsExactly(10L, 20L, 30L);
		HttpResponse<byte[]> latest = this.client.get("/jobs/" + id + "/samples/latest");
		assertThat(latest.headers().firstValue("X-Step")).hasValue("30");
		assertThat(image(latest.body()).getWidth()).isEqualTo(8 * 16 + 9 * 2);
		assertThat(this.client.get("/jobs/" + id + "/samples/11").statusCode()).isEqualTo(404);

		JsonNode listed = this.client.json(this.client.get("/jobs?status=SUCCEEDED"));
		assertThat(list(listed.get("content"))).extracting((j) -> j.get("id").asString()).contains(id);
		assertThat(list(this.client.json(this.client.get("/jobs?status=QUEUED")).get("content")))
			.extracting((j) -> j.get("id").asString())
			.doesNotContain(id);
	}

	@Test
	void trainingIsMeasuredAndSummarisedInTheActuator() {
		String id = this.client.submit(JobsClient.tiny("journey-metrics", 20));
		this.client.awaitStatus(id, "SUCCEEDED");
		JsonNode loss = this.client
			.json(this.client.get("/actuator/metrics/gan.training.loss?tag=job:" + id + "&tag=network:generator"));
		double value = loss.get("measurements").get(0).get("value").asDouble();
		assertThat(Double.isFinite(value)).isTrue();
		assertThat(value).isPositive();
		assertThat(this.client.json(this.client.get("/actuator/metrics/gan.training.step?tag=job:" + id))
			.get("measurements")
			.get(0)
			.get("value")
			.asDouble()).isEqualTo(20);
		String prometheus = new String(this.client.get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
		assertThat(prometheus).containsPattern("gan_training_loss\\{[^}]*job=\"" + id + "\"[^}]*network=\"generator\"");
		assertThat(prometheus).containsPattern("gan_jobs\\{[^}]*status=\"SUCCEEDED\"[^}]*\\} [1-9]");

		JsonNode summary = this.client.json(this.client.get("/actuator/training"));
		assertThat(summary.get("counts").get("SUCCEEDED").asLong()).isPositive();
		assertThat(summary.get("runnerUp").asBoolean()).isTrue();
		JsonNode liveness = this.client.json(this.client.get("/actuator/health/liveness"));
		assertThat(liveness.get("status").asString()).isEqualTo("UP");
		assertThat(liveness.get("components").get("jobRunner").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void promtoolFindsNothingWrongWithTheProjectsMeters() throws Exception {
		Path promtool = Path.of("/usr/bin/promtool");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(promtool),
				"promtool (Debian's prometheus package, which .ci/run installs)");
		String id = this.client.submit(JobsClient.tiny("journey-promtool", 20));
		this.client.awaitStatus(id, "SUCCEEDED");
		this.client.get("/generate?seed=1");
		byte[] scrape = this.client.get("/actuator/prometheus").body();
		assertThat(new String(scrape, StandardCharsets.UTF_8)).contains("gan_training_discriminator_output{",
				"gan_training_images_per_second{", "gan_generation_images_total{");
		Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
		try (var in = check.getOutputStream()) {
			in.write(scrape);
		}
		String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		check.waitFor();
		assertThat(report.lines().filter((line) -> line.startsWith("gan_")).toList()).as(report).isEmpty();
	}

	@Test
	void sampleStepsAreAsciiDigitsAndAMissingGridIsNotAMissingJob() {
		String id = this.client.submit(JobsClient.tiny("journey-steps", 20));
		this.client.awaitStatus(id, "SUCCEEDED");
		assertThat(this.client.get("/jobs/" + id + "/samples/10").statusCode()).isEqualTo(200);
		for (String step : List.of("0x0a", "+10", "%D9%A1%D9%A0", "%EF%BC%91%EF%BC%90", "1e1", "-10")) {
			HttpResponse<byte[]> response = this.client.get("/jobs/" + id + "/samples/" + step);
			assertThat(response.statusCode()).as(step).isEqualTo(400);
			assertThat(this.client.json(response).get("errors").get(0).get("field").asString()).isEqualTo("step");
		}
		HttpResponse<byte[]> missing = this.client.get("/jobs/" + id + "/samples/11");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(this.client.json(missing).get("type").asString()).endsWith("/sample-not-found");
		// No grid until the end of a long run: ask while it runs, then stop it.
		String none = this.client.submit(JobsClient.TINY.replace("\"sampleEvery\":10", "\"sampleEvery\":0")
				+ "\"modelName\":\"journey-no-grid\",\"steps\":1000000}");
		HttpResponse<byte[]> latest = this.client.get("/jobs/" + none + "/samples/latest");
		this.client.post("/jobs/" + none + "/cancel", "");
		assertThat(latest.statusCode()).isEqualTo(404);
		assertThat(this.client.json(latest).get("type").asString()).endsWith("/sample-not-found");
		assertThat(this.client.json(latest).get("title").asString()).isEqualTo("Sample grid not found");
	}

	@Test
	void stabilisersReachTheTrainerAndTheManifest() {
		String id = this.client.submit(JobsClient.tiny("journey-stabilised", 12)
			.replace("\"seed\":7", "\"seed\":7,\"labelSmoothing\":0.1,\"emaDecay\":0.9,\"dSteps\":2"));
		this.client.awaitStatus(id, "SUCCEEDED");
		JsonNode hyper = this.client.json(this.client.get("/models/journey-stabilised"))
			.get("manifest")
			.get("hyperparameters");
		assertThat(hyper.get("labelSmoothing").asDouble()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
		assertThat(hyper.get("emaDecay").asDouble()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
		assertThat(hyper.get("dSteps").asInt()).isEqualTo(2);
	}

	@Test
	void aDivergingJobShowsTheEvidenceRollsBackAndFinallyFails() {
		// D's learning rate a thousand times G's: D wins at once and G's loss climbs.
		String id = this.client.submit("{\"modelName\":\"journey-diverging\",\"dataset\":\"synthetic:256\","
				+ "\"architecture\":\"gan\",\"imageSize\":16,\"nz\":8,\"ngf\":16,\"ndf\":16,\"batchSize\":16,"
				+ "\"steps\":300,\"learningRateD\":0.01,\"learningRateG\":0.00001,\"seed\":3,\"sampleEvery\":20,"
				+ "\"snapshotEvery\":10,\"divergenceWindow\":20,\"onDivergence\":\"rollback\"}");
		JsonNode failed = this.client.awaitStatus(id, "FAILED");
		List<JsonNode> warnings = list(failed.get("warnings"));
		assertThat(warnings).hasSize(4);
		assertThat(warnings.get(0).get("kind").asString()).isEqualTo("discriminator-wins");
		assertThat(warnings.get(0).get("evidence").asString()).contains("D(x) = ", "G's loss rose");
		assertThat(warnings.get(0).get("action").asString()).startsWith("rolled back to step");
		assertThat(warnings.get(3).get("action").asString()).startsWith("stopped after 3 rollbacks");
		assertThat(failed.get("error").asString()).contains("diverged");
	}

	@Test
	void cancelStopsWithinAStepAndResumeContinuesTheStepCount() {
		String id = this.client.submit(JobsClient.tiny("journey-cancel", 1_000_000));
		this.client.await(id, (job) -> JobsClient.step(job) >= 25, Duration.ofMinutes(2));
		HttpResponse<byte[]> cancel = this.client.post("/jobs/" + id + "/cancel", "");
		assertThat(cancel.statusCode()).isEqualTo(202);
		JsonNode cancelled = this.client.awaitStatus(id, "CANCELLED");
		long stoppedAt = JobsClient.step(cancelled);
		assertThat(cancelled.get("links").get("resume").asString()).isEqualTo("/jobs/" + id + "/resume");
		assertThat(this.client.post("/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(409);

		HttpResponse<byte[]> resumed = this.client.post("/jobs/" + id + "/resume", "");
		assertThat(resumed.statusCode()).isEqualTo(202);
		JsonNode running = this.client.await(id,
				(job) -> job.get("status").asString().equals("RUNNING") && JobsClient.step(job) > stoppedAt,
				Duration.ofMinutes(2));
		assertThat(running.get("attempts").asInt()).isEqualTo(2);
		assertThat(this.client.post("/jobs/" + id + "/resume", "").statusCode()).isEqualTo(409);
		this.client.post("/jobs/" + id + "/cancel", "");
		this.client.awaitStatus(id, "CANCELLED");

		// The history continues without a gap or a repeat: the snapshot written on cancel
		// holds the step it stopped at.
		List<JsonNode> rows = list(this.client.json(this.client.get("/jobs/" + id + "/losses")));
		for (int i = 0; i < rows.size(); i++) {
			assertThat(rows.get(i).get("step").asLong()).isEqualTo(i + 1);
		}
		assertThat(rows.size()).isGreaterThan((int) stoppedAt);
	}

	@Test
	void eventsStreamProgressAndEndWithTheFinalStatus() throws Exception {
		String id = this.client.submit(JobsClient.tiny("journey-events", 40));
		HttpResponse<InputStream> stream = HttpClient.newHttpClient()
			.send(this.client.request("/jobs/" + id + "/events").header("Accept", "text/event-stream").GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
		List<String> names = new ArrayList<>();
		String lastStatus = null;
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
			String name = null;
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("event:")) {
					name = line.substring(6).strip();
					names.add(name);
				}
				else if (line.startsWith("data:") && "status".equals(name)) {
					lastStatus = JobsClient.JSON.readTree(line.substring(5)).get("status").asString();
				}
			}
		}
		assertThat(names.get(0)).isEqualTo("status");
		assertThat(names).contains("progress", "samples", "snapshot");
		assertThat(lastStatus).isEqualTo("SUCCEEDED");
	}

	@Test
	void aModelNameCanBeTakenOnlyOnce() {
		String id = this.client.submit(JobsClient.tiny("journey-taken", 10));
		HttpResponse<byte[]> twice = this.client.post("/jobs", JobsClient.tiny("journey-taken", 10));
		assertThat(twice.statusCode()).isEqualTo(409);
		assertThat(this.client.json(twice).get("type").asString()).endsWith("/model-exists");
		this.client.awaitStatus(id, "SUCCEEDED");
		assertThat(this.client.post("/jobs", JobsClient.tiny("journey-taken", 10)).statusCode()).isEqualTo(409);
		assertThat(this.client.post("/jobs/" + id + "/resume", "").statusCode()).isEqualTo(409);
	}

	@Test
	void anEvaluatingJobAlsoHoldsTheNameOfItsBestModel() {
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(REAL_DATA.resolve("fashion-mnist")),
				"evaluations need Fashion-MNIST (Debian package dataset-fashion-mnist; .ci/run installs it)");
		String id = this.client.submit("{\"modelName\":\"journey-held\",\"dataset\":\"fashion-mnist:test\","
				+ "\"architecture\":\"gan\",\"imageSize\":16,\"nz\":8,\"ngf\":16,\"ndf\":16,\"batchSize\":16,"
				+ "\"steps\":1000000,\"evaluateEvery\":100000,\"evaluateSamples\":10}");
		HttpResponse<byte[]> clash = this.client.post("/jobs", JobsClient.tiny("journey-held-best", 10));
		assertThat(clash.statusCode()).isEqualTo(409);
		assertThat(this.client.json(clash).get("detail").asString()).contains("journey-held-best", id);
		this.client.post("/jobs/" + id + "/cancel", "");
		this.client.await(id, (job) -> !job.get("status").asString().matches("QUEUED|RUNNING"), Duration.ofMinutes(2));
	}

	@Test
	void aJobWhoseDataCannotBeReadFailsWithTheReason() throws IOException {
		Path broken = Files.createDirectories(root.resolve("data").resolve("broken"));
		Files.write(broken.resolve("a.png"), new byte[] { 1, 2, 3 });
		String id = this.client.submit(JobsClient.tiny("journey-broken", 10).replace("synthetic:64", "folder:broken"));
		JsonNode job = this.client.awaitStatus(id, "FAILED");
		assertThat(job.get("error").asString()).contains("a.png")
			.as("server paths are named, not spelled out")
			.doesNotContain(root.toString());
		assertThat(job.get("links").get("resume").asString()).isEqualTo("/jobs/" + id + "/resume");
		String log = new String(this.client.get("/jobs/" + id + "/log").body(), StandardCharsets.UTF_8);
		assertThat(log).contains("attempt 1: training journey-broken on folder:broken")
			.doesNotContain(root.toString(), System.getProperty("java.home"), " -cp ", ".jar");
		assertThat(this.client.get("/models/journey-broken").statusCode()).isEqualTo(404);
	}

	@Test
	void aWorkerThatDiesFailsItsJobAndTheServiceCarriesOn() {
		String id = this.client.submit(JobsClient.tiny("journey-killed", 1_000_000));
		JsonNode running = this.client.await(id, (job) -> JobsClient.step(job) >= 5, Duration.ofMinutes(2));
		ProcessHandle.of(running.get("workerPid").asLong()).orElseThrow().destroyForcibly();
		JsonNode failed = this.client.awaitStatus(id, "FAILED");
		assertThat(failed.get("error").asString()).contains("killed by signal 9", "/jobs/" + id + "/log")
			.doesNotContain(root.toString(), "at dev.ganforge");
		assertThat(failed.get("workerPid").isNull()).isTrue();
		String next = this.client.submit(JobsClient.tiny("journey-after-kill", 10));
		this.client.awaitStatus(next, "SUCCEEDED");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					modelName                  | {"steps":5}
					modelName                  | {"modelName":"../escape","steps":5}
					modelName                  | {"modelName":"","steps":5}
					dataset                    | {"modelName":"v","dataset":"imagenet"}
					dataset                    | {"modelName":"v","dataset":"folder:../../etc"}
					dataset                    | {"modelName":"v","dataset":"folder:/etc"}
					dataset                    | {"modelName":"v","dataset":"folder:no-such-folder"}
					dataset                    | {"modelName":"v","dataset":"synthetic:0"}
					dataset                    | {"modelName":"v","dataset":"mnist:validation"}
					architecture               | {"modelName":"v","architecture":"vae"}
					imageSize                  | {"modelName":"v","imageSize":24}
					imageSize                  | {"modelName":"v","imageSize":8}
					imageSize                  | {"modelName":"v","imageSize":256}
					channels                   | {"modelName":"v","channels":2}
					nz                         | {"modelName":"v","nz":0}
					ngf                        | {"modelName":"v","ngf":100000}
					epochs                     | {"modelName":"v","epochs":-1}
					steps                      | {"modelName":"v","steps":-5}
					steps                      | {"modelName":"v","steps":0,"epochs":0}
					batchSize                  | {"modelName":"v","batchSize":0}
					batchSize                  | {"modelName":"v","batchSize":5000}
					learningRateD              | {"modelName":"v","learningRateD":0}
					learningRateG              | {"modelName":"v","learningRateG":1.5}
					learningRateD              | {"modelName":"v","learningRateD":1e-60}
					beta1                      | {"modelName":"v","beta1":1}
					beta2                      | {"modelName":"v","beta2":-0.1}
					loss                       | {"modelName":"v","loss":"wasserstein"}
					sampleEvery                | {"modelName":"v","sampleEvery":-1}
					snapshotEvery              | {"modelName":"v","snapshotEvery":-1}
					labelSmoothing             | {"modelName":"v","labelSmoothing":0.5}
					labelSmoothing             | {"modelName":"v","labelSmoothing":0.1,"loss":"hinge"}
					emaDecay                   | {"modelName":"v","emaDecay":1}
					dSteps                     | {"modelName":"v","dSteps":0}
					dSteps                     | {"modelName":"v","dSteps":11}
					modelName                  | {"modelName":"a123456789a123456789a123456789a123456789a123456789a123456789","dataset":"fashion-mnist:test","evaluateEvery":10}
					evaluateEvery              | {"modelName":"v","evaluateEvery":-1}
					evaluateSamples            | {"modelName":"v","evaluateEvery":10,"evaluateSamples":5}
					evaluateEvery              | {"modelName":"v","dataset":"synthetic:64","evaluateEvery":10}
					""")
	void eachInvalidValueIsA400NamingItsField(String field, String body) {
		HttpResponse<byte[]> response = this.client.post("/jobs", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.client.json(response);
		assertThat(problem.get("type").asString()).endsWith("/invalid-request");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
		assertThat(this.client.json(this.client.get("/jobs?size=100")).get("content").toString())
			.as("nothing was queued")
			.doesNotContain("\"v\"");
	}

	@Test
	void aTooLongDatasetSaysItIsTooLongNotWhichSize() {
		JsonNode problem = this.client
			.json(this.client.post("/jobs", "{\"modelName\":\"v\",\"dataset\":\"" + "x".repeat(4000) + "\"}"));
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("dataset");
		assertThat(problem.get("errors").get(0).get("message").asString())
			.isEqualTo("must be 1 to 256 characters long");
		assertThat(problem.get("detail").asString()).doesNotContain("size must be");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			unknown field        | {"modelName":"v","epoch":3}          | malformed-request
			fraction             | {"modelName":"v","epochs":1.5}       | malformed-request
			duplicate            | {"modelName":"v","modelName":"w"}    | malformed-request
			number for boolean   | {"modelName":"v","spectralNorm":1}   | malformed-request
			not JSON             | {"modelName":                        | malformed-request
			wrong type           | {"modelName":"v","imageSize":"big"}  | malformed-request
			NaN                  | {"modelName":"v","learningRateD":NaN}| malformed-request
			an array             | [1,2,3]                              | malformed-request
			""")
	void malformedBodiesAre400s(String what, String body, String kind) {
		HttpResponse<byte[]> response = this.client.post("/jobs", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.client.json(response).get("type").asString()).endsWith("/" + kind);
	}

	@Test
	void unknownJobsAre404sAndBadQueriesAre400s() {
		for (String path : List.of("/jobs/00000000-000000", "/jobs/..%252F..%252Fetc", "/jobs/x/losses",
				"/jobs/00000000-000000/samples/latest", "/jobs/00000000-000000/events")) {
			HttpResponse<byte[]> response = this.client.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
		}
		assertThat(this.client.post("/jobs/00000000-000000/cancel", "").statusCode()).isEqualTo(404);
		assertThat(this.client.get("/jobs?status=SLEEPING").statusCode()).isEqualTo(400);
		assertThat(this.client.get("/jobs?size=0").statusCode()).isEqualTo(400);
	}

	private static List<JsonNode> list(JsonNode array) {
		List<JsonNode> items = new ArrayList<>();
		array.forEach(items::add);
		return items;
	}

	private static BufferedImage image(byte[] png) throws IOException {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		assertThat(image).as("a decodable PNG").isNotNull();
		return image;
	}

}
