package dev.ganforge.jobs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.models.ModelNames;
import dev.ganforge.training.StepStats;
import dev.ganforge.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Training jobs over HTTP: submit, list, inspect, cancel, resume, and watch through
 * samples, losses and events.
 */
@RestController
@RequestMapping("/jobs")
@Tag(name = "Jobs", description = "Asynchronous training. A job trains in a worker process of its own; it survives "
		+ "restarts of the service (a job that was running is INTERRUPTED and can be resumed) and publishes its "
		+ "model into the registry when it succeeds. Cancel with POST /jobs/{id}/cancel (there is no DELETE: "
		+ "job records are kept).")
class JobController {

	private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	/**
	 * Largest loss plot: one such raster is 7 MB, a 4000x4000 one was 64 MB and 7.6 s.
	 */
	static final int MAX_PLOT_WIDTH = 1600;

	static final int MAX_PLOT_HEIGHT = 1200;

	private final LossPlots plots;

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private static final int MAX_LOG_BYTES = 64 * 1024;

	private final JobService jobs;

	private final JobEvents events;

	JobController(JobService jobs, JobEvents events, LossPlots plots) {
		this.jobs = jobs;
		this.events = events;
		this.plots = plots;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "submitJob", summary = "Submit a training job",
			description = "Queues the job and returns at once; it starts when a training slot is free "
					+ "(ganforge.jobs.max-concurrent). Poll the Location, or follow /jobs/{id}/events.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE,
			examples = {
					@ExampleObject(name = "a minute on synthetic shapes",
							value = "{\"modelName\": \"shapes-gan\", \"dataset\": \"synthetic:512\", "
									+ "\"architecture\": \"gan\", \"imageSize\": 16, \"steps\": 200}"),
					@ExampleObject(name = "Fashion-MNIST DCGAN, 32x32, 2 epochs",
							value = "{\"modelName\": \"fashion-dcgan-32-mine\", \"dataset\": \"fashion-mnist\", "
									+ "\"imageSize\": 32, \"epochs\": 2, \"emaDecay\": 0.999, "
									+ "\"evaluateEvery\": 500}") }))
	@ApiResponse(responseCode = "202", description = "Queued (or already running)")
	@ApiResponse(responseCode = "400",
			description = "A value out of range or impossible, or the dataset is missing (invalid-request; "
					+ "`errors` names the field), or malformed JSON (malformed-request)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "409", description = "The model name is taken (model-exists)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "The queue is full (jobs-busy), with Retry-After",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "507",
			description = "Less free disk space than ganforge.jobs.min-free-disk, or the jobs directory refused "
					+ "the job's record (insufficient-storage); nothing was queued",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<JobResource> submit(@Valid @RequestBody JobRequest request) {
		Job job = this.jobs.submit(request);
		return ResponseEntity.accepted().location(URI.create("/jobs/" + job.id())).body(JobResource.of(job));
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listJobs", summary = "List jobs",
			description = "Newest first, optionally only those in one status.")
	Page<JobResource> list(
			@Parameter(description = "QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED or INTERRUPTED") @RequestParam(
					required = false) JobStatus status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		Page<Job> jobs = Page.of(this.jobs.list(status), page, size);
		return new Page<>(jobs.content().stream().map(JobResource::of).toList(), jobs.page(), jobs.size(),
				jobs.totalElements(), jobs.totalPages());
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getJob", summary = "Describe a job",
			description = "Status, the request with its defaults, times, progress (step, total, epoch, images/s, "
					+ "ETA), the last step's losses and D outputs, the error if it failed, and links.")
	@ApiResponse(responseCode = "200", description = "The job")
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	JobResource get(@PathVariable String id) {
		return JobResource.of(this.jobs.get(id));
	}

	@PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "cancelJob", summary = "Cancel a job",
			description = "A queued job is CANCELLED at once. A running job finishes its current step, writes a "
					+ "snapshot and becomes CANCELLED within a step (meanwhile cancelRequested is true); "
					+ "it can be resumed later.")
	@ApiResponse(responseCode = "202", description = "Cancelled, or cancelling")
	@ApiResponse(responseCode = "409", description = "The job has already stopped (job-state)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "507",
			description = "The jobs directory refused the job's record (insufficient-storage); the job is unchanged",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<JobResource> cancel(@PathVariable String id) {
		return ResponseEntity.accepted().body(JobResource.of(this.jobs.cancel(id)));
	}

	@PostMapping(path = "/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "resumeJob", summary = "Resume a job",
			description = "Queues a FAILED, CANCELLED or INTERRUPTED job again. It continues from its last "
					+ "snapshot: the step count carries on, D and both Adam optimisers' moments are restored, and "
					+ "the data order and noise of each step depend only on (seed, step), so the run continues as "
					+ "if uninterrupted. A job that never wrote a snapshot starts again from step 0.")
	@ApiResponse(responseCode = "202", description = "Queued (or already running)")
	@ApiResponse(responseCode = "409",
			description = "The job is queued, running or succeeded (job-state), or its model name was taken "
					+ "meanwhile (model-exists)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "507",
			description = "Less free disk space than ganforge.jobs.min-free-disk, or the jobs directory refused "
					+ "the job's record (insufficient-storage); the job is unchanged",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<JobResource> resume(@PathVariable String id) {
		return ResponseEntity.accepted().body(JobResource.of(this.jobs.resume(id)));
	}

	@GetMapping(path = "/{id}/samples", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listJobSamples", summary = "List a job's sample grids",
			description = "8x8 grids of the run's fixed noise, one every sampleEvery steps, oldest first.")
	List<SampleLink> samples(@PathVariable String id) {
		return this.jobs.outputs()
			.run(id)
			.sampleSteps()
			.stream()
			.map((step) -> new SampleLink(step, "/jobs/" + id + "/samples/" + step))
			.toList();
	}

	@GetMapping(path = "/{id}/samples/latest", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "getLatestJobSample", summary = "The latest sample grid",
			description = "X-Step says which step it is from.")
	@ApiResponse(responseCode = "200", description = "The grid, a PNG",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
					schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found), or no grid yet (sample-not-found)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<byte[]> latestSample(@PathVariable String id) {
		List<Long> steps = this.jobs.outputs().run(id).sampleSteps();
		if (steps.isEmpty()) {
			throw new SampleNotFoundException(
					"Job " + id + " has written no sample grid yet; one comes every " + "sampleEvery steps.");
		}
		return sampleAt(id, steps.get(steps.size() - 1));
	}

	@GetMapping(path = "/{id}/samples/{step}", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "getJobSample", summary = "The sample grid of a step")
	@ApiResponse(responseCode = "200", description = "The grid, a PNG",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
					schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found) or grid (sample-not-found)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<byte[]> sample(@PathVariable String id,
			@Parameter(description = "The step, in ASCII digits",
					schema = @Schema(type = "integer", format = "int64", minimum = "0")) @PathVariable @Pattern(
							regexp = "[0-9]{1,18}", message = "must be a step number in ASCII digits") String step) {
		return sampleAt(id, Long.parseLong(step));
	}

	@GetMapping(path = "/{id}/losses", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	@Operation(operationId = "getJobLosses", summary = "A job's loss history",
			description = "One row a step: step, epoch, lossD, lossG, dReal (D(x)), dFakeBefore and dFakeAfter "
					+ "(D(G(z)) before and after D's update) and imagesPerSecond. The same rows as CSV: "
					+ "/jobs/{id}/losses.csv (or Accept: text/csv, or format=csv, here).")
	@ApiResponse(responseCode = "200", description = "The rows, oldest first",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					array = @ArraySchema(schema = @Schema(implementation = StepStats.class))))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)")
	ResponseEntity<?> losses(@PathVariable String id,
			@Parameter(description = "json or csv, overriding Accept; use /jobs/{id}/losses.csv for CSV",
					deprecated = true) @RequestParam(required = false) @Pattern(regexp = "json|csv",
							message = "must be 'json' or 'csv'") String format,
			@Parameter(description = "Only steps after this one (JSON only)") @RequestParam(
					defaultValue = "0") @Min(0) long after,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		if (wantsCsv(format, accept)) {
			return lossesCsv(id);
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.jobs.outputs().steps(id, after));
	}

	@GetMapping(path = "/{id}/losses.csv", produces = "text/csv")
	@Operation(operationId = "getJobLossesCsv", summary = "A job's loss history as CSV",
			description = "The rows of /jobs/{id}/losses, with a header line.")
	@ApiResponse(responseCode = "200", description = "The CSV",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)")
	ResponseEntity<byte[]> lossesCsv(@PathVariable String id) {
		return csv(id + "-losses.csv", LossHistory.csv(this.jobs.outputs().steps(id, 0)));
	}

	@GetMapping(path = "/{id}/evaluations", produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	@Operation(operationId = "getJobEvaluations", summary = "A job's evaluations",
			description = "One row every evaluateEvery steps and at the end: step, fd, kid, kidStd, samples, seed, "
					+ "reference (the real split compared against), extractor and seconds. Empty when the job does "
					+ "not evaluate. The same rows as CSV: /jobs/{id}/evaluations.csv (or Accept: text/csv, or "
					+ "format=csv, here).")
	@ApiResponse(responseCode = "200", description = "The rows, oldest first",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					array = @ArraySchema(schema = @Schema(implementation = Quality.class))))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)")
	ResponseEntity<?> evaluations(@PathVariable String id,
			@Parameter(description = "json or csv, overriding Accept; use /jobs/{id}/evaluations.csv for CSV",
					deprecated = true) @RequestParam(required = false) @Pattern(regexp = "json|csv",
							message = "must be 'json' or 'csv'") String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		if (wantsCsv(format, accept)) {
			return evaluationsCsv(id);
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.jobs.outputs().evaluations(id));
	}

	@GetMapping(path = "/{id}/evaluations.csv", produces = "text/csv")
	@Operation(operationId = "getJobEvaluationsCsv", summary = "A job's evaluations as CSV",
			description = "The rows of /jobs/{id}/evaluations, with a header line.")
	@ApiResponse(responseCode = "200", description = "The CSV",
			content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)")
	ResponseEntity<byte[]> evaluationsCsv(@PathVariable String id) {
		StringBuilder body = new StringBuilder(Quality.CSV_HEADER).append('\n');
		this.jobs.outputs().evaluations(id).forEach((row) -> body.append(row.toCsvRow()));
		return csv(id + "-evaluations.csv", body.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static ResponseEntity<byte[]> csv(String filename, byte[] body) {
		return ResponseEntity.ok()
			.contentType(CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + filename + "\"")
			.body(body);
	}

	@GetMapping(path = "/{id}/losses/plot", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "getJobLossPlot", summary = "A plot of the loss curves",
			description = "D's and G's losses above, D(x) and D(G(z)) below, drawn with JFreeChart.")
	@ApiResponse(responseCode = "503",
			description = "Two plots are being drawn and no turn came within 2 s " + "(plots-busy), with Retry-After")
	@ApiResponse(responseCode = "200", description = "The plot, a PNG",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
					schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)")
	ResponseEntity<byte[]> lossPlot(@PathVariable String id,
			@Parameter(description = "Pixels, 200 to " + MAX_PLOT_WIDTH) @RequestParam(
					defaultValue = "900") @Min(200) @Max(MAX_PLOT_WIDTH) int width,
			@Parameter(description = "Pixels, 150 to " + MAX_PLOT_HEIGHT) @RequestParam(
					defaultValue = "600") @Min(150) @Max(MAX_PLOT_HEIGHT) int height) {
		Job job = this.jobs.get(id);
		String title = "Job " + id + " (" + job.request().modelName() + ")";
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.header(HttpHeaders.CACHE_CONTROL, "no-cache")
			.body(this.plots.plot(id, this.jobs.outputs().steps(id, 0), title, width, height));
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "followJob", summary = "Follow a job",
			description = "Server-Sent Events: `status` (the job resource, at once and on every change), "
					+ "`progress` (each step: progress and the step's losses), `samples` and `snapshot` "
					+ "(the step of a new grid or snapshot), `warning` (a divergence finding) and `evaluation` "
					+ "(step, fd and kid of an evaluation). The stream ends when the job stops.")
	@ApiResponse(responseCode = "200", description = "The event stream; each event's data is JSON",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)")
	SseEmitter events(@PathVariable String id) {
		this.jobs.get(id);
		return this.events.subscribe(id, () -> this.jobs.get(id));
	}

	@GetMapping(path = "/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
	@Operation(operationId = "getJobLog", summary = "The end of a job's worker log",
			description = "What the worker processes printed besides progress (the last 64 KiB): the place to "
					+ "look when a job fails.")
	@ApiResponse(responseCode = "200", description = "The log's end",
			content = @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "404", description = "No such job (job-not-found)")
	ResponseEntity<String> log(@PathVariable String id) {
		this.jobs.get(id);
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
			.body(this.jobs.redact(tail(this.jobs.outputs().workerLog(id))));
	}

	/** CSV when format says so, or when Accept asks for CSV and not JSON. */
	private static boolean wantsCsv(String format, String accept) {
		return (format != null) ? format.equals("csv")
				: accept != null && accept.contains("text/csv") && !accept.contains(MediaType.APPLICATION_JSON_VALUE);
	}

	private ResponseEntity<byte[]> sampleAt(String id, long step) {
		Path file = this.jobs.outputs()
			.run(id)
			.sample(step)
			.orElseThrow(() -> new SampleNotFoundException("Job " + id + " has no sample grid at step " + step
					+ " (GET /jobs/" + id + "/samples lists them)."));
		try {
			return ResponseEntity.ok()
				.contentType(MediaType.IMAGE_PNG)
				.header("X-Step", Long.toString(step))
				.body(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	private static String tail(Path file) {
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			long start = Math.max(0, in.length() - MAX_LOG_BYTES);
			byte[] bytes = new byte[(int) (in.length() - start)];
			in.seek(start);
			in.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException | java.io.FileNotFoundException ex) {
			return "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	/**
	 * A sample grid of a job.
	 *
	 * @param step the step it was drawn at
	 * @param href where to fetch it
	 */
	record SampleLink(long step, String href) {
	}

	/**
	 * A job and the links to its parts.
	 *
	 * @param job the job
	 * @param links named URLs: self, samples, latestSample, losses, lossesCsv, lossPlot,
	 * evaluations, evaluationsCsv, events, log, cancel, resume, and model (and bestModel,
	 * when it evaluated) once it has succeeded
	 */
	record JobResource(@JsonUnwrapped Job job, Map<String, String> links) {

		static JobResource of(Job job) {
			String self = "/jobs/" + job.id();
			Map<String, String> links = new LinkedHashMap<>();
			links.put("self", self);
			links.put("samples", self + "/samples");
			links.put("latestSample", self + "/samples/latest");
			links.put("losses", self + "/losses");
			links.put("lossesCsv", self + "/losses.csv");
			links.put("lossPlot", self + "/losses/plot");
			links.put("evaluations", self + "/evaluations");
			links.put("evaluationsCsv", self + "/evaluations.csv");
			links.put("events", self + "/events");
			links.put("log", self + "/log");
			if (job.status().isActive()) {
				links.put("cancel", self + "/cancel");
			}
			if (job.status().isResumable()) {
				links.put("resume", self + "/resume");
			}
			if (job.status() == JobStatus.SUCCEEDED) {
				links.put("model", "/models/" + job.request().modelName());
				if (job.quality() != null) {
					links.put("bestModel", "/models/" + ModelNames.bestName(job.request().modelName()));
				}
			}
			return new JobResource(job, links);
		}

	}

}
