package dev.ganforge.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.DiskSpace;
import dev.ganforge.data.DataSettings;
import dev.ganforge.data.DatasetNotFoundException;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.evaluation.Evaluator;
import dev.ganforge.evaluation.NoFeatureExtractorException;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.models.ModelNames;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.models.ModelSettings;
import dev.ganforge.training.StepStats;
import dev.ganforge.training.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Runs training jobs: a bounded queue, at most {@code maxConcurrent} worker processes,
 * records on disk after every change of state, and the publication of each finished model
 * into the registry.
 *
 * <p>
 * Each job trains in a worker process (the jar's {@code train} command), so that a crash
 * or an out-of-memory in libtorch ends that job, never the service. The worker stops
 * itself, after a step and a snapshot, on a {@code cancel} line or when its stdin closes:
 * that is, also when this service dies. A job that was RUNNING when the service went down
 * is INTERRUPTED at the next start and resumes from its last snapshot.
 */
@Service
public class JobService implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobService.class);

	private static final Duration SAVE_PROGRESS_EVERY = Duration.ofSeconds(10);

	/** The name of a job's best generator is its model's name with this suffix. */

	private final JobSettings settings;

	private final JobStore store;

	private final ModelRegistry registry;

	private final ModelSettings models;

	private final DataSettings data;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final Evaluator evaluator;

	private final Clock clock = Clock.systemUTC();

	// Guards jobs, running and every change of a job's state.
	private final Object lock = new Object();

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	private final Map<String, Running> running = new HashMap<>();

	// Jobs whose latest state is not yet in their record.
	private final Set<String> unsaved = new HashSet<>();

	private volatile boolean accepting;

	private volatile ScheduledExecutorService watchdog;

	private final Redaction redaction;

	JobService(JobSettings settings, ModelRegistry registry, ModelSettings models, DataSettings data, JsonMapper json,
			ApplicationEventPublisher events, Evaluator evaluator) {
		this.evaluator = evaluator;
		this.settings = settings;
		this.store = new JobStore(settings.dir(), json);
		this.registry = registry;
		this.models = models;
		this.data = data;
		this.json = json;
		this.events = events;
		this.redaction = Redaction.of(models.dir(), settings.dir(), data.dataRoots().roots());
	}

	/**
	 * Text for clients with the server's directories named instead of spelled out.
	 * @param text a log or an error
	 * @return the text, redacted
	 */
	String redact(String text) {
		return this.redaction.apply(text);
	}

	/**
	 * Queues a job; it starts at once when a training slot is free.
	 * @param request the request, defaults filled in
	 * @return the job, QUEUED or already RUNNING
	 * @throws InvalidJobException if a value cannot be trained with or the dataset is
	 * missing
	 * @throws ModelNameTakenException if the model name is taken
	 * @throws JobQueueFullException if the queue is full or the service is stopping
	 * @throws InsufficientStorageException if the disk is too full for its snapshots
	 */
	Job submit(JobRequest request) {
		TrainingConfig config = request.trainingConfig();
		try {
			Datasets.requireAvailable(DatasetSpec.parse(config.dataset()), this.data.dataRoots());
		}
		catch (IllegalArgumentException | DatasetNotFoundException ex) {
			throw new InvalidJobException("dataset", ex.getMessage());
		}
		if (request.conditional()) {
			try {
				// Refused now: a job whose data has no classes must not fail in its
				// worker.
				Datasets.requireLabelled(DatasetSpec.parse(config.dataset()), this.data.dataRoots());
			}
			catch (IllegalArgumentException | DatasetNotFoundException ex) {
				throw new InvalidJobException("conditional", ex.getMessage());
			}
		}
		if (request.evaluateEvery() > 0) {
			try {
				// Refused now: a job that cannot be evaluated must not fail midway.
				this.evaluator.requireExtractor(DatasetSpec.parse(config.dataset()));
			}
			catch (NoFeatureExtractorException ex) {
				throw new InvalidJobException("evaluateEvery", ex.getMessage());
			}
		}
		synchronized (this.lock) {
			if (!this.accepting) {
				throw new JobQueueFullException("The service is stopping; submit the job again once it is back.", 30);
			}
			requireModelNamesFree(request, null);
			requireFreeDisk();
			long waiting = count(JobStatus.QUEUED) + ((this.running.size() < this.settings.maxConcurrent()) ? 0 : 1);
			if (waiting > this.settings.maxQueued()) {
				throw new JobQueueFullException("The training queue is full (" + this.settings.maxQueued()
						+ " jobs waiting, ganforge.jobs.max-queued); try again when a job has finished.", 60);
			}
			Job job = Job.queued(newId(), request, this.clock.instant());
			try {
				this.store.create(job);
			}
			catch (UncheckedIOException ex) {
				throw unrecorded(job.id(), "submitted", ex);
			}
			this.jobs.put(job.id(), job);
			this.events.publishEvent(new JobEvent(JobEvent.STATUS, job, job.progress().step()));
			log.info("Job {} queued: model {}, dataset {}, {} steps or {} epochs", job.id(), request.modelName(),
					config.dataset(), config.steps(), config.epochs());
			dispatch();
			return this.jobs.get(job.id());
		}
	}

	/**
	 * Asks a job to stop. A queued job is CANCELLED at once; a running one finishes its
	 * step, writes a snapshot and is CANCELLED when its worker has exited.
	 * @param id the job's id
	 * @return the job, with {@code cancelRequested} set if it is still running
	 * @throws JobNotFoundException if there is no such job
	 * @throws JobStateException if the job is not QUEUED or RUNNING
	 */
	Job cancel(String id) {
		synchronized (this.lock) {
			Job job = get(id);
			if (job.status() == JobStatus.QUEUED) {
				return request(job.withStatus(JobStatus.CANCELLED, null, this.clock.instant()), "cancelled");
			}
			if (job.status() != JobStatus.RUNNING) {
				throw new JobStateException(job, "cancel", "QUEUED or RUNNING");
			}
			stop(job.id(), StopReason.CANCELLED);
			return this.jobs.get(id);
		}
	}

	/**
	 * Queues a stopped job again; it continues from its last snapshot (step count, D,
	 * both optimisers' moments and the data order carry on), or from step 0 if it never
	 * wrote one.
	 * @param id the job's id
	 * @return the job, QUEUED or already RUNNING
	 * @throws JobNotFoundException if there is no such job
	 * @throws JobStateException if the job is not FAILED, CANCELLED or INTERRUPTED, or
	 * its model name has been taken meanwhile
	 * @throws InsufficientStorageException if the disk is too full for its snapshots
	 */
	Job resume(String id) {
		synchronized (this.lock) {
			Job job = get(id);
			if (!job.status().isResumable()) {
				throw new JobStateException(job, "resume", "FAILED, CANCELLED or INTERRUPTED");
			}
			if (!this.accepting) {
				throw new JobQueueFullException("The service is stopping; resume the job once it is back.", 30);
			}
			requireModelNamesFree(job.request(), job.id());
			requireFreeDisk();
			request(job.withStatus(JobStatus.QUEUED, null, this.clock.instant()), "resumed");
			log.info("Job {} queued to resume from step {}", id, lastSnapshotStep(id).orElse(0L));
			dispatch();
			return this.jobs.get(id);
		}
	}

	/**
	 * A job.
	 * @param id its id
	 * @return the job
	 * @throws JobNotFoundException if there is no such job
	 */
	public Job get(String id) {
		Job job = JobStore.isId(id) ? this.jobs.get(id) : null;
		if (job == null) {
			throw JobNotFoundException.job(id);
		}
		return job;
	}

	/**
	 * The jobs, newest first.
	 * @param status only those in this status, or null for all
	 * @return the jobs
	 */
	public List<Job> list(JobStatus status) {
		return this.jobs.values()
			.stream()
			.filter((job) -> status == null || job.status() == status)
			.sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed())
			.toList();
	}

	/**
	 * How many jobs are in each status.
	 * @return a count for every status, zeros included
	 */
	public Map<JobStatus, Long> counts() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			counts.put(status, count(status));
		}
		return counts;
	}

	/**
	 * Whether jobs are accepted and the jobs directory is writable.
	 * @return true while the runner works
	 */
	public boolean isHealthy() {
		return this.accepting && Files.isWritable(this.store.dir());
	}

	JobSettings settings() {
		return this.settings;
	}

	/** The loss history the worker writes: {@code step,epoch,lossD,...} rows. */
	Path history(String id) {
		get(id);
		return this.store.runDir(id).resolve("history.csv");
	}

	/**
	 * The job's evaluations, oldest first: empty when it does not evaluate or has not
	 * yet.
	 */
	List<Quality> evaluations(String id) {
		Path file = this.store.runDir(get(id).id()).resolve("evaluations.csv");
		if (!Files.isRegularFile(file)) {
			return List.of();
		}
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8)
				.stream()
				.skip(1)
				.filter((line) -> !line.isBlank())
				.map(Quality::parseCsvRow)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the evaluations of job " + id, ex);
		}
	}

	/** What the job's worker processes printed besides progress. */
	Path workerLog(String id) {
		return this.store.workerLog(get(id).id());
	}

	/**
	 * The steps at which sample grids were written, oldest first.
	 */
	List<Long> sampleSteps(String id) {
		Path dir = this.store.runDir(get(id).id()).resolve("samples");
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (var files = Files.list(dir)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.matches("step-\\d{9}\\.png"))
				.map((name) -> Long.parseLong(name.substring(5, 14)))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the samples of job " + id, ex);
		}
	}

	/**
	 * A sample grid's file.
	 * @throws JobNotFoundException if the job or the grid does not exist
	 */
	Path sample(String id, long step) {
		Path file = this.store.runDir(get(id).id())
			.resolve("samples")
			.resolve(String.format(java.util.Locale.ROOT, "step-%09d.png", step));
		if (step < 0 || !Files.isRegularFile(file)) {
			throw new SampleNotFoundException("Job " + id + " has no sample grid at step " + step + " (GET /jobs/" + id
					+ "/samples lists them).");
		}
		return file;
	}

	// --- running workers -------------------------------------------------------------

	private void dispatch() {
		while (this.accepting && this.running.size() < this.settings.maxConcurrent()) {
			Optional<Job> next = this.jobs.values()
				.stream()
				.filter((job) -> job.status() == JobStatus.QUEUED)
				.min(Comparator.comparing(Job::createdAt).thenComparing(Job::id));
			if (next.isEmpty()) {
				return;
			}
			launch(next.get());
		}
	}

	private void launch(Job job) {
		Path runDir = this.store.runDir(job.id());
		Path logFile = this.store.workerLog(job.id());
		boolean resume = lastSnapshotStep(job.id()).isPresent();
		Path modelDir = this.models.dir().toAbsolutePath().normalize().resolve(job.request().modelName());
		List<String> command = new ArrayList<>(WorkerCommand.jvm(this.settings));
		command.addAll(WorkerCommand.train(job, runDir, modelDir, this.data.dataRoots(), this.evaluator.settings(),
				resume, this.settings.minFreeDisk().toBytes()));
		Worker worker = null;
		try {
			Files.createDirectories(runDir);
			// The command names the server's paths: it goes to the server's log, not the
			// job's.
			Files.writeString(logFile,
					"=== " + this.clock.instant() + " attempt " + (job.attempts() + 1) + ": "
							+ (resume ? "resuming " : "training ") + job.request().modelName() + " on "
							+ job.request().dataset() + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			log.debug("Job {} attempt {}: {}", job.id(), job.attempts() + 1, String.join(" ", command));
			worker = Worker.start(command, logFile, this.json, new Listener(job.id()));
			this.running.put(job.id(), new Running(worker));
			record(job.started(worker.pid(), this.clock.instant()), JobEvent.STATUS);
			log.info("Job {} started in worker process {}{}", job.id(), worker.pid(),
					resume ? " (resuming from its last snapshot)" : "");
		}
		catch (IOException | RuntimeException ex) {
			log.error("Job {}: cannot start its worker process", job.id(), ex);
			if (worker != null) {
				// Started but not recorded (the record could not be saved): it must not
				// train on unseen, nor its exit overwrite the FAILED below.
				this.running.remove(job.id());
				worker.kill();
			}
			record(job.withStatus(JobStatus.FAILED, "Cannot start the worker process: " + redact(ex.getMessage()),
					this.clock.instant()), JobEvent.STATUS);
		}
	}

	private void stop(String id, StopReason reason) {
		Running run = this.running.get(id);
		if (run == null || run.stopReason != null) {
			return;
		}
		run.stopReason = reason;
		run.stopRequestedAt = this.clock.instant();
		run.worker.requestStop();
		record(this.jobs.get(id).cancelling(), JobEvent.STATUS);
		log.info("Job {}: asked its worker to stop ({})", id, reason);
	}

	private void onLine(String id, JsonNode line) {
		String type = line.path("type").asString();
		synchronized (this.lock) {
			Running run = this.running.get(id);
			Job job = this.jobs.get(id);
			if (run == null || job == null) {
				return;
			}
			switch (type) {
				case "step" -> {
					StepStats stats = this.json.treeToValue(line.get("stats"), StepStats.class);
					long total = line.path("total").asLong();
					run.speed = (run.speed == 0) ? stats.imagesPerSecond()
							: 0.8 * run.speed + 0.2 * stats.imagesPerSecond();
					Double eta = (run.speed > 0)
							? Math.max(0, total - stats.step()) * job.request().batchSize() / run.speed : null;
					Job updated = job.withProgress(new Job.Progress(stats.step(), total, stats.epoch(), run.speed, eta),
							stats);
					this.jobs.put(id, updated);
					Instant now = this.clock.instant();
					if (run.savedAt == null || Duration.between(run.savedAt, now).compareTo(SAVE_PROGRESS_EVERY) >= 0) {
						save(updated);
						run.savedAt = now;
					}
					this.events.publishEvent(new JobEvent(JobEvent.PROGRESS, updated, stats.step()));
				}
				case "samples", "snapshot" -> {
					save(job);
					run.savedAt = this.clock.instant();
					this.events.publishEvent(new JobEvent(type, job, line.path("step").asLong()));
				}
				case "divergence" -> {
					Job warned = job.withWarning(new Job.Warning(line.path("kind").asString(),
							line.path("step").asLong(), line.path("evidence").asString(),
							line.path("action").asString(), this.clock.instant()));
					log.warn("Job {}: {} at step {}: {}; {}", id, line.path("kind").asString(),
							line.path("step").asLong(), line.path("evidence").asString(),
							line.path("action").asString());
					record(warned, JobEvent.WARNING);
				}
				case "evaluation" -> {
					Job evaluated = job.withEvaluation(line.path("step").asLong(), line.path("fd").asDouble(),
							line.path("kid").asDouble());
					save(evaluated);
					run.savedAt = this.clock.instant();
					this.jobs.put(id, evaluated);
					this.events.publishEvent(new JobEvent(JobEvent.EVALUATION, evaluated, line.path("step").asLong()));
				}
				case "done", "cancelled", "failed" -> {
					run.outcome = type;
					run.reason = line.path("reason").asString(null);
				}
				default -> {
					// dataset and future types: nothing to record
				}
			}
		}
	}

	private void onExit(String id, int exitCode) {
		boolean done;
		synchronized (this.lock) {
			Running run = this.running.get(id);
			if (run == null) {
				return;
			}
			done = "done".equals(run.outcome);
		}
		if (done) {
			// Publish before SUCCEEDED: whoever sees SUCCEEDED finds the model served.
			try {
				this.registry.reload();
			}
			catch (RuntimeException ex) {
				log.warn("Job {}: the model registry could not rescan: {}", id, ex.getMessage());
			}
		}
		synchronized (this.lock) {
			Running run = this.running.remove(id);
			Job job = this.jobs.get(id);
			Instant now = this.clock.instant();
			Job finished = switch (outcome(run, exitCode, id)) {
				case SUCCEEDED -> job.withStatus(JobStatus.SUCCEEDED, null, now);
				case CANCELLED -> job.withStatus(JobStatus.CANCELLED, null, now);
				case INTERRUPTED -> job.withStatus(JobStatus.INTERRUPTED,
						"The service stopped while the job was running; resume it to continue from its last snapshot.",
						now);
				default -> job.withStatus(JobStatus.FAILED, failureReason(run, exitCode, id), now);
			};
			record(finished, JobEvent.STATUS);
			log.info("Job {} {} at step {} (worker exit code {})", id, finished.status(), finished.progress().step(),
					exitCode);
			dispatch();
		}
	}

	private static JobStatus outcome(Running run, int exitCode, String id) {
		if ("done".equals(run.outcome) && exitCode == 0) {
			return JobStatus.SUCCEEDED;
		}
		if (run.stopReason == StopReason.SHUTDOWN) {
			return JobStatus.INTERRUPTED;
		}
		if (run.stopReason == StopReason.CANCELLED && !"failed".equals(run.outcome)) {
			return JobStatus.CANCELLED;
		}
		return JobStatus.FAILED;
	}

	private String failureReason(Running run, int exitCode, String id) {
		if (run.stopReason == StopReason.TIMED_OUT) {
			return "The job trained longer than ganforge.jobs.max-duration (" + this.settings.maxDuration()
					+ ") and was stopped; resume it to continue.";
		}
		if ("failed".equals(run.outcome) && run.reason != null) {
			return redact(run.reason);
		}
		String how = (exitCode > 128) ? "was killed by signal " + (exitCode - 128) : "exited with code " + exitCode;
		return "The worker process " + how + " without finishing; GET /jobs/" + id + "/log shows what it printed.";
	}

	/**
	 * A change a client asked for (cancel a queued job, resume one): on disk first, so
	 * that a write that fails changes nothing and the client hears so.
	 * @throws InsufficientStorageException if the record cannot be written
	 */
	private Job request(Job job, String action) {
		try {
			this.store.save(job);
		}
		catch (UncheckedIOException ex) {
			throw unrecorded(job.id(), action, ex);
		}
		this.unsaved.remove(job.id());
		this.jobs.put(job.id(), job);
		this.events.publishEvent(new JobEvent(JobEvent.STATUS, job, job.progress().step()));
		return job;
	}

	/**
	 * A fact the service saw happen (a worker started, warned or ended): true whatever
	 * the disk says, so it holds in memory at once and reaches the record as soon as the
	 * disk takes it ({@link #save}).
	 */
	private Job record(Job job, String type) {
		this.jobs.put(job.id(), job);
		save(job);
		this.events.publishEvent(new JobEvent(type, job, job.progress().step()));
		return job;
	}

	/**
	 * Writes a job's record, or remembers that it is behind: the watchdog tries again
	 * every second, so that a job the API shows as FAILED is never left QUEUED on disk to
	 * run after a restart once the disk has room again.
	 */
	private void save(Job job) {
		try {
			this.store.save(job);
			this.unsaved.remove(job.id());
		}
		catch (UncheckedIOException ex) {
			if (this.unsaved.add(job.id())) {
				log.error("Job {}: cannot save its record, kept in memory and retried every second: {}", job.id(),
						ex.getMessage());
			}
		}
	}

	private void saveUnsaved() {
		for (String id : List.copyOf(this.unsaved)) {
			save(this.jobs.get(id));
		}
	}

	private InsufficientStorageException unrecorded(String id, String action, UncheckedIOException ex) {
		log.error("Job {} could not be {}: its record cannot be written", id, action, ex);
		return new InsufficientStorageException("The job could not be " + action + ": the jobs directory refused "
				+ "the write (out of space or inodes). Nothing changed; try again once it has room.");
	}

	private long count(JobStatus status) {
		return this.jobs.values().stream().filter((job) -> job.status() == status).count();
	}

	/**
	 * The model names a job publishes: its model, and with evaluations its best one.
	 */
	private static Set<String> publishedNames(JobRequest request) {
		return (request.evaluateEvery() > 0) ? Set.of(request.modelName(), ModelNames.bestName(request.modelName()))
				: Set.of(request.modelName());
	}

	private void requireModelNamesFree(JobRequest request, String resumingJob) {
		Set<String> names = publishedNames(request);
		for (String name : names) {
			if (this.registry.status(name).isPresent() || Files.exists(this.models.dir().resolve(name))) {
				throw new ModelNameTakenException(name, "an existing model");
			}
		}
		for (Job other : this.jobs.values()) {
			if (other.status().isActive() && !other.id().equals(resumingJob)) {
				for (String name : publishedNames(other.request())) {
					if (names.contains(name)) {
						throw new ModelNameTakenException(name, "job " + other.id());
					}
				}
			}
		}
	}

	/**
	 * Refuses a job that could not write its snapshots and model: both the jobs and the
	 * models directory need {@code min-free-disk} free.
	 */
	private void requireFreeDisk() {
		long needed = this.settings.minFreeDisk().toBytes();
		if (needed <= 0) {
			return;
		}
		checkFree(this.store.dir(), "jobs", needed);
		checkFree(this.models.dir(), "models", needed);
	}

	private static void checkFree(Path dir, String which, long needed) {
		long free;
		try {
			free = DiskSpace.usable(dir);
		}
		catch (IOException ex) {
			log.warn("Cannot tell the free disk space of the {} directory {}: {}", which, dir, ex.getMessage());
			throw new InsufficientStorageException("The free disk space of the " + which
					+ " directory cannot be determined, so no job is started; the operator should check it.");
		}
		if (free < needed) {
			log.warn("Job refused: {} free in the {} directory {}, ganforge.jobs.min-free-disk is {}",
					DiskSpace.megabytes(free), which, dir, DiskSpace.megabytes(needed));
			throw new InsufficientStorageException("Only " + DiskSpace.megabytes(free)
					+ " of disk space are free for the " + which + " directory, and a job needs at least "
					+ DiskSpace.megabytes(needed)
					+ " (ganforge.jobs.min-free-disk) for its snapshots and model; nothing was queued. Free some space"
					+ " (e.g. delete unused models) and submit again.");
		}
	}

	private Optional<Long> lastSnapshotStep(String id) {
		return CheckpointStore.latestSnapshot(this.store.runDir(id))
			.map((dir) -> CheckpointStore.readManifest(dir).step());
	}

	private String newId() {
		while (true) {
			String time = Long.toString(this.clock.instant().getEpochSecond(), 36);
			String id = "0".repeat(Math.max(0, 8 - time.length())) + time + "-"
					+ String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
			if (!this.jobs.containsKey(id) && !Files.exists(this.store.jobDir(id))) {
				return id;
			}
		}
	}

	// --- lifecycle -------------------------------------------------------------------

	/**
	 * Loads the jobs on disk, marks those that were RUNNING as INTERRUPTED (stopping any
	 * worker a killed service left behind) and starts the queued ones.
	 */
	@Override
	public void start() {
		try {
			Files.createDirectories(this.store.dir());
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Cannot create the jobs directory " + this.store.dir() + " (ganforge.jobs.dir): " + ex.getMessage(),
					ex);
		}
		synchronized (this.lock) {
			for (Job job : this.store.loadAll()) {
				if (job.status() == JobStatus.RUNNING) {
					stopOrphan(job);
					job = job.withStatus(JobStatus.INTERRUPTED,
							"The service stopped while the job was running; resume it to continue from its last "
									+ "snapshot.",
							this.clock.instant());
					save(job);
					log.info("Job {} was running when the service stopped: INTERRUPTED", job.id());
				}
				this.jobs.put(job.id(), job);
			}
			ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "ganforge-jobs-watchdog");
				thread.setDaemon(true);
				return thread;
			});
			timer.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
			this.watchdog = timer;
			this.accepting = true;
			dispatch();
		}
		log.info("Job runner started: {} jobs on record in {}, at most {} training at once", this.jobs.size(),
				this.store.dir(), this.settings.maxConcurrent());
	}

	/**
	 * Stops the running workers as INTERRUPTED, after each finishes its step and writes
	 * its snapshot (within {@code stopTimeout}, then they are killed).
	 */
	@Override
	public void stop() {
		List<CompletableFuture<Integer>> exits = new ArrayList<>();
		synchronized (this.lock) {
			this.accepting = false;
			for (String id : List.copyOf(this.running.keySet())) {
				stop(id, StopReason.SHUTDOWN);
				exits.add(this.running.get(id).worker.exit());
			}
		}
		try {
			CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
				.get(this.settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			log.warn("Workers did not stop within {}; killing them", this.settings.stopTimeout());
			synchronized (this.lock) {
				this.running.values().forEach((run) -> run.worker.kill());
			}
			exits.forEach((exit) -> exit.completeOnTimeout(-1, 10, TimeUnit.SECONDS).join());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			log.warn("Waiting for the workers failed", ex);
		}
		ScheduledExecutorService timer = this.watchdog;
		if (timer != null) {
			timer.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.accepting;
	}

	/**
	 * After the model registry: it is there to publish into, and outlives the workers.
	 */
	@Override
	public int getPhase() {
		return 100;
	}

	private void watch() {
		try {
			synchronized (this.lock) {
				saveUnsaved();
				Instant now = this.clock.instant();
				for (Map.Entry<String, Running> entry : this.running.entrySet()) {
					Running run = entry.getValue();
					Job job = this.jobs.get(entry.getKey());
					if (run.stopReason == null && !this.settings.maxDuration().isZero() && job.startedAt() != null
							&& Duration.between(job.startedAt(), now).compareTo(this.settings.maxDuration()) > 0) {
						stop(job.id(), StopReason.TIMED_OUT);
					}
					else if (run.stopRequestedAt != null
							&& Duration.between(run.stopRequestedAt, now).compareTo(this.settings.stopTimeout()) > 0) {
						log.warn("Job {}: the worker did not stop within {}; killing it", job.id(),
								this.settings.stopTimeout());
						run.worker.kill();
					}
				}
			}
		}
		catch (RuntimeException ex) {
			log.error("Job watchdog failed", ex);
		}
	}

	private void stopOrphan(Job job) {
		if (job.workerPid() == null) {
			return;
		}
		// A worker whose service was killed sees its stdin close, snapshots and exits.
		// Wait for that, so that a resume never races it for the run directory.
		ProcessHandle.of(job.workerPid())
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().commandLine().map((line) -> line.contains(job.id())).orElse(false))
			.ifPresent((process) -> {
				log.info("Job {}: waiting for the worker {} of the previous run to stop", job.id(), process.pid());
				try {
					process.onExit().get(this.settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
					process.destroyForcibly();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					process.destroyForcibly();
				}
			});
	}

	private enum StopReason {

		CANCELLED, SHUTDOWN, TIMED_OUT

	}

	/** The service's side of a worker; fields are guarded by the service's lock. */
	private static final class Running {

		final Worker worker;

		StopReason stopReason;

		Instant stopRequestedAt;

		Instant savedAt;

		double speed;

		String outcome;

		String reason;

		Running(Worker worker) {
			this.worker = worker;
		}

	}

	private final class Listener implements Worker.Listener {

		private final String id;

		Listener(String id) {
			this.id = id;
		}

		@Override
		public void line(JsonNode line) {
			onLine(this.id, line);
		}

		@Override
		public void exited(int exitCode) {
			onExit(this.id, exitCode);
		}

	}

}
