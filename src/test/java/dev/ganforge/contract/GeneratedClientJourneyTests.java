package dev.ganforge.contract;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.client.ApiClient;
import dev.ganforge.client.ApiException;
import dev.ganforge.client.api.EvaluationApi;
import dev.ganforge.client.api.GenerationApi;
import dev.ganforge.client.api.JobsApi;
import dev.ganforge.client.api.LatentSpaceApi;
import dev.ganforge.client.api.ModelsApi;
import dev.ganforge.client.model.ArithmeticRequest;
import dev.ganforge.client.model.DefaultModel;
import dev.ganforge.client.model.EvaluationRequest;
import dev.ganforge.client.model.EvaluationRun;
import dev.ganforge.client.model.GenerateRequest;
import dev.ganforge.client.model.GenerateResponse;
import dev.ganforge.client.model.InterpolateRequest;
import dev.ganforge.client.model.JobRequest;
import dev.ganforge.client.model.JobResource;
import dev.ganforge.client.model.LatentRef;
import dev.ganforge.client.model.ModelDetails;
import dev.ganforge.client.model.ModelStatus;
import dev.ganforge.client.model.PageModelStatus;
import dev.ganforge.client.model.Problem;
import dev.ganforge.client.model.SampleLink;
import dev.ganforge.client.model.StepStats;
import dev.ganforge.client.model.Term;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The whole product driven through a Java client that openapi-generator made from
 * {@code docs/openapi.json} with its defaults (okhttp-gson), used unchanged: if the
 * contract lies about a body, a content type or a status, the generated code throws here.
 * The models directory starts with the shipped {@code fashion-gan-32}; jobs train tiny
 * MLP GANs on synthetic shapes in real worker processes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GeneratedClientJourneyTests {

	private static final String SHIPPED = "fashion-gan-32";

	private static final Duration PATIENCE = Duration.ofMinutes(3);

	@TempDir
	static Path dir;

	@LocalServerPort
	int port;

	private ApiClient client;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) {
		registry.add("ganforge.models.dir", () -> dir.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> dir.resolve("jobs").toString());
		registry.add("ganforge.evaluation.cache-dir", () -> dir.resolve("cache").toString());
		registry.add("ganforge.data.roots", () -> dir.resolve("data") + ",/usr/share/datasets");
	}

	@BeforeAll
	static void shippedModel() throws IOException {
		Files.createDirectories(dir.resolve("data"));
		Path model = Files.createDirectories(dir.resolve("models").resolve(SHIPPED));
		for (String file : new String[] { CheckpointStore.MANIFEST, CheckpointStore.GENERATOR }) {
			Files.copy(Path.of("models", SHIPPED, file), model.resolve(file));
		}
	}

	@BeforeEach
	void client() {
		this.client = new ApiClient().setBasePath("http://localhost:" + this.port);
	}

	@Test
	void listDescribeAndGenerateFromAModel() throws Exception {
		ModelsApi models = new ModelsApi(this.client);
		PageModelStatus page = models.listModels(0, 20);
		assertThat(page.getContent()).extracting(ModelStatus::getName).contains(SHIPPED);
		ModelDetails details = models.getModel(SHIPPED);
		assertThat(details.getStatus()).isEqualTo(ModelDetails.StatusEnum.READY);
		assertThat(details.getManifest().getImageSize()).isEqualTo(32);

		GenerationApi generation = new GenerationApi(this.client);
		BufferedImage png = image(generation.generatePng(SHIPPED, 42L, 1, null, null, null, 2, null));
		assertThat(png.getWidth()).isEqualTo(64);
		GenerateResponse json = generation.generate(new GenerateRequest().model(SHIPPED).seed(42L).count(2).scale(2));
		assertThat(json.getModel()).isEqualTo(SHIPPED);
		assertThat(json.getImages()).hasSize(2);
		assertThat(json.getImages().get(1).getSeed()).isEqualTo(43L);
		assertThat(json.getImages().get(0).getPng()).as("image 0 of the JSON is the PNG of seed 42")
			.isEqualTo(Files.readAllBytes(generation.generatePng(SHIPPED, 42L, 1, null, null, null, 2, null).toPath()));

		LatentSpaceApi latents = new LatentSpaceApi(this.client);
		BufferedImage strip = image(latents.interpolate(new InterpolateRequest().model(SHIPPED)
			.from(new LatentRef().seed(1L))
			.to(new LatentRef().seed(2L))
			.steps(5)
			.padding(0)));
		assertThat(strip.getWidth()).isEqualTo(5 * 32);
		File gif = latents.interpolate(new InterpolateRequest().model(SHIPPED)
			.from(new LatentRef().seed(1L))
			.to(new LatentRef().seed(2L))
			.steps(4)
			.format(InterpolateRequest.FormatEnum.GIF));
		assertThat(new String(Files.readAllBytes(gif.toPath()), 0, 6, java.nio.charset.StandardCharsets.US_ASCII))
			.isEqualTo("GIF89a");
		BufferedImage sum = image(latents.arithmetic(new ArithmeticRequest().model(SHIPPED)
			.addTermsItem(new Term().seed(1L).weight(1.0))
			.addTermsItem(new Term().seed(2L).weight(-0.5))));
		assertThat(sum.getHeight()).isEqualTo(32);
	}

	@Test
	void errorsArriveAsProblemsTheClientCanRead() throws IOException {
		ApiException missing = catchThrowableOfType(ApiException.class,
				() -> new ModelsApi(this.client).getModel("no-such-model"));
		assertThat(missing.getCode()).isEqualTo(404);
		Problem problem = Problem.fromJson(missing.getResponseBody());
		assertThat(problem.getType()).hasToString("https://ganforge.dev/problems/model-not-found");
		assertThat(problem.getAvailable()).contains(SHIPPED);

		ApiException invalid = catchThrowableOfType(ApiException.class,
				() -> new GenerationApi(this.client).generate(new GenerateRequest().model(SHIPPED).count(1000)));
		assertThat(invalid.getCode()).isEqualTo(400);
		Problem invalidProblem = Problem.fromJson(invalid.getResponseBody());
		assertThat(invalidProblem.getErrors()).isNotEmpty();
		assertThat(invalidProblem.getErrors().get(0).getField()).isEqualTo("count");

		ApiException noJob = catchThrowableOfType(ApiException.class, () -> new JobsApi(this.client).getJob("nope"));
		assertThat(noJob.getCode()).isEqualTo(404);
		assertThat(Problem.fromJson(noJob.getResponseBody()).getStatus()).isEqualTo(404);
	}

	@Test
	void trainAJobReadItsRunAndServeWhatItMade() throws Exception {
		JobsApi jobs = new JobsApi(this.client);
		JobResource submitted = jobs.submitJob(tiny("client-tiny", 30L));
		assertThat(submitted.getStatus()).isIn(JobResource.StatusEnum.QUEUED, JobResource.StatusEnum.RUNNING);
		JobResource done = await(() -> jobs.getJob(submitted.getId()),
				(job) -> job.getStatus() == JobResource.StatusEnum.SUCCEEDED);
		assertThat(done.getProgress().getStep()).isEqualTo(30L);

		List<SampleLink> samples = jobs.listJobSamples(done.getId());
		assertThat(samples).extracting(SampleLink::getStep).contains(10L, 20L, 30L);
		assertThat(image(jobs.getLatestJobSample(done.getId())).getWidth()).isPositive();
		assertThat(image(jobs.getJobSample(done.getId(), 10L)).getWidth()).isPositive();
		List<StepStats> losses = jobs.getJobLosses(done.getId(), null, 0L);
		assertThat(losses).hasSize(30);
		assertThat(losses.get(29).getStep()).isEqualTo(30L);
		String csv = jobs.getJobLossesCsv(done.getId());
		assertThat(csv.lines().count()).isEqualTo(31);
		assertThat(csv.lines().findFirst().orElseThrow()).startsWith("step,");
		assertThat(image(jobs.getJobLossPlot(done.getId(), 400, 300)).getWidth()).isEqualTo(400);
		assertThat(jobs.getJobEvaluations(done.getId(), null)).isEmpty();
		assertThat(jobs.getJobEvaluationsCsv(done.getId()).lines().count()).isEqualTo(1);
		assertThat(jobs.getJobLog(done.getId())).isNotNull();
		assertThat(jobs.listJobs(null, 0, 20).getContent()).extracting(JobResource::getId).contains(done.getId());

		ModelsApi models = new ModelsApi(this.client);
		await(() -> models.listModels(0, 20),
				(page) -> page.getContent().stream().anyMatch((model) -> model.getName().equals("client-tiny")));
		DefaultModel chosen = models.setDefaultModel(new DefaultModel().name("client-tiny"));
		assertThat(chosen.getName()).isEqualTo("client-tiny");
		assertThat(models.getModel("client-tiny").getIsDefault()).isTrue();
		BufferedImage fromDefault = image(
				new GenerationApi(this.client).generatePng(null, 3L, 1, null, null, null, 1, null));
		assertThat(fromDefault.getWidth()).isEqualTo(16);
		models.setDefaultModel(new DefaultModel().name(null));
	}

	@Test
	void cancelAndResumeAJob() throws Exception {
		JobsApi jobs = new JobsApi(this.client);
		JobResource submitted = jobs.submitJob(tiny("client-long", 100_000L));
		await(() -> jobs.getJob(submitted.getId()), (job) -> job.getProgress().getStep() >= 10);
		JobResource cancelling = jobs.cancelJob(submitted.getId());
		assertThat(cancelling.getCancelRequested()).isTrue();
		JobResource cancelled = await(() -> jobs.getJob(submitted.getId()),
				(job) -> job.getStatus() == JobResource.StatusEnum.CANCELLED);
		long stoppedAt = cancelled.getProgress().getStep();

		JobResource resumed = jobs.resumeJob(submitted.getId());
		assertThat(resumed.getStatus()).isIn(JobResource.StatusEnum.QUEUED, JobResource.StatusEnum.RUNNING);
		JobResource running = await(() -> jobs.getJob(submitted.getId()),
				(job) -> job.getProgress().getStep() > stoppedAt);
		assertThat(running.getAttempts()).isGreaterThanOrEqualTo(2);
		jobs.cancelJob(submitted.getId());
		await(() -> jobs.getJob(submitted.getId()), (job) -> job.getStatus() == JobResource.StatusEnum.CANCELLED);
	}

	@Test
	void evaluateAModel() throws Exception {
		EvaluationApi evaluation = new EvaluationApi(this.client);
		EvaluationRun submitted = evaluation.submitEvaluation(SHIPPED,
				new EvaluationRequest().samples(100).seed(9L).truncation(0.8));
		assertThat(submitted.getModel()).isEqualTo(SHIPPED);
		EvaluationRun done = await(() -> evaluation.getEvaluation(SHIPPED, submitted.getId()),
				(run) -> run.getState() == EvaluationRun.StateEnum.SUCCEEDED
						|| run.getState() == EvaluationRun.StateEnum.FAILED);
		assertThat(done.getState()).as("error: %s", done.getError()).isEqualTo(EvaluationRun.StateEnum.SUCCEEDED);
		assertThat(done.getResult().getSamples()).isEqualTo(100);
		assertThat(done.getResult().getTruncation()).isEqualTo(0.8);
		assertThat(done.getResult().getFd()).isPositive();
		assertThat(evaluation.listEvaluations(SHIPPED)).extracting(EvaluationRun::getId).contains(submitted.getId());
	}

	private static JobRequest tiny(String model, long steps) {
		return new JobRequest().modelName(model)
			.dataset("synthetic:64")
			.architecture("gan")
			.imageSize(16)
			.nz(8)
			.ngf(16)
			.ndf(16)
			.batchSize(16)
			.seed(7L)
			.sampleEvery(10)
			.snapshotEvery(10)
			.steps(steps);
	}

	private static BufferedImage image(File file) throws IOException {
		BufferedImage image = ImageIO.read(file);
		assertThat(image).as("%s is an image", file).isNotNull();
		return image;
	}

	private static <T> T await(Callable<T> poll, Predicate<T> condition) throws Exception {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		T value = poll.call();
		while (!condition.test(value)) {
			assertThat(System.nanoTime()).as("still waiting after %s: %s", PATIENCE, value).isLessThan(deadline);
			Thread.sleep(100);
			value = poll.call();
		}
		return value;
	}

}
