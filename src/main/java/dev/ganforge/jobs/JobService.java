package dev.ganforge.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ganforge.data.DataSettings;
import dev.ganforge.evaluation.Evaluator;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.models.ModelSettings;
import dev.ganforge.run.RunConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Training jobs: admission (a job is refused up front when it could not train, its model
 * name is taken, the disk is too full or the queue is), a bounded queue run in order of
 * submission by at most {@code maxConcurrent} worker processes
 * ({@link WorkerSupervisor}), and the records of every job ({@link JobRecords}).
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

	private final JobSettings settings;

	private final JobRecords records;

	private final WorkerSupervisor workers;

	private final JobAdmission admission;

	private final NodeSettings node;

	private final JobEvents streams;

	private final RemoteJobEvents remote = new RemoteJobEvents();

	private final JobOutputs outputs;

	private final Redaction redaction;

	private volatile boolean accepting;

	private volatile ScheduledExecutorService watchdog;

	JobService(JobSettings settings, NodeSettings node, JobStore store, ModelRegistry registry, ModelSettings models,
			DataSettings data, ApplicationEventPublisher events, Evaluator evaluator, JobEvents streams) {
		this.node = node;
		this.streams = streams;
		this.settings = settings;
		this.redaction = Redaction.of(models.dir(), settings.dir(), data.dataRoots().roots());
		if (!node.isWorker() && !(store instanceof SharedJobStore)) {
			throw new IllegalStateException("ganforge.node.roles=" + node.roles() + " has no worker, and with "
					+ "ganforge.store=files no other node can train this node's jobs: add worker, or use "
					+ "ganforge.store=postgres with worker nodes");
		}
		this.records = new JobRecords(store, new JobFiles(settings.dir()), events, node.id());
		this.outputs = new JobOutputs(this.records);
		this.admission = new JobAdmission(this.records, registry, models.dir(), data.dataRoots(), evaluator,
				settings.minFreeDisk().toBytes());
		this.workers = new WorkerSupervisor(this.records, settings, node.id(), registry, models.dir(), data.dataRoots(),
				evaluator.settings(), this.redaction, this::dispatch);
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
		RunConfig config = request.runConfig();
		this.admission.requireTrainable(config);
		synchronized (this.records.lock) {
			if (!this.accepting) {
				throw new JobQueueFullException("The service is stopping; submit the job again once it is back.", 30);
			}
			this.admission.requireModelNamesFree(request, null);
			this.admission.requireFreeDisk();
			long waiting = this.records.count(JobStatus.QUEUED)
					+ ((this.workers.running() < this.settings.maxConcurrent()) ? 0 : 1);
			if (waiting > this.settings.maxQueued()) {
				throw new JobQueueFullException("The training queue is full (" + this.settings.maxQueued()
						+ " jobs waiting, ganforge.jobs.max-queued); try again when a job has finished.", 60);
			}
			Job job = Job.queued(this.records.newId(), request, this.records.now());
			this.records.create(job);
			log.info("Job {} queued: model {}, dataset {}, {} steps or {} epochs", job.id(), request.modelName(),
					config.training().dataset(), config.training().steps(), config.training().epochs());
			dispatch();
			return this.records.get(job.id());
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
		synchronized (this.records.lock) {
			Job job = get(id);
			if (job.status() == JobStatus.QUEUED) {
				return this.records.request(job.withStatus(JobStatus.CANCELLED, null, this.records.now()),
						JobStatus.QUEUED, "cancel", "cancelled");
			}
			if (job.status() != JobStatus.RUNNING) {
				throw new JobStateException(job, "cancel", "QUEUED or RUNNING");
			}
			if (!this.records.holds(id) && this.records.shared().isPresent()) {
				// Another node runs it: it sees the request within a second.
				if (!this.records.shared().get().requestCancel(id)) {
					throw new JobStateException(get(id), "cancel", "QUEUED or RUNNING");
				}
				return job.cancelling();
			}
			this.workers.stop(job.id(), WorkerSupervisor.StopReason.CANCELLED);
			return this.records.get(id);
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
		synchronized (this.records.lock) {
			Job job = get(id);
			if (!job.status().isResumable()) {
				throw new JobStateException(job, "resume", "FAILED, CANCELLED or INTERRUPTED");
			}
			if (!this.accepting) {
				throw new JobQueueFullException("The service is stopping; resume the job once it is back.", 30);
			}
			this.admission.requireModelNamesFree(job.request(), job.id());
			this.admission.requireFreeDisk();
			this.records.request(job.withStatus(JobStatus.QUEUED, null, this.records.now()), job.status(), "resume",
					"resumed");
			log.info("Job {} queued to resume from step {}", id, this.outputs.run(id).latestSnapshotStep().orElse(0L));
			dispatch();
			return this.records.get(id);
		}
	}

	/**
	 * A job.
	 * @param id its id
	 * @return the job
	 * @throws JobNotFoundException if there is no such job
	 */
	public Job get(String id) {
		return this.records.get(id);
	}

	/**
	 * The jobs, newest first.
	 * @param status only those in this status, or null for all
	 * @return the jobs
	 */
	public List<Job> list(JobStatus status) {
		return this.records.list(status);
	}

	/**
	 * How many jobs are in each status.
	 * @return a count for every status, zeros included
	 */
	public Map<JobStatus, Long> counts() {
		return this.records.counts();
	}

	/**
	 * Whether jobs are accepted and the jobs directory is writable.
	 * @return true while the runner works
	 */
	public boolean isHealthy() {
		return this.accepting && Files.isWritable(this.records.files().dir());
	}

	JobSettings settings() {
		return this.settings;
	}

	/**
	 * Whether this node's workers run a job.
	 * @param id the job's id
	 * @return true while one does
	 */
	boolean runsHere(String id) {
		synchronized (this.records.lock) {
			return this.workers.runs(id);
		}
	}

	/** What the jobs produced: losses, evaluations, sample grids and logs. */
	JobOutputs outputs() {
		return this.outputs;
	}

	/**
	 * Starts queued jobs while training slots are free, on a worker node: in cluster mode
	 * each is claimed from the shared queue first, so that no two nodes run one job.
	 */
	private void dispatch() {
		if (!this.node.isWorker()) {
			return;
		}
		while (this.accepting && this.workers.running() < this.settings.maxConcurrent()) {
			Optional<Job> next;
			if (this.records.shared().isPresent()) {
				Optional<SharedJobStore.Claim> claim = this.records.shared()
					.get()
					.claim(this.node.id(), this.settings.lease());
				claim.ifPresent((c) -> this.records.hold(c.job(), c.token()));
				next = claim.map(SharedJobStore.Claim::job);
			}
			else {
				next = this.records.nextQueued();
			}
			if (next.isEmpty()) {
				return;
			}
			this.workers.launch(next.get());
		}
	}

	// --- lifecycle -------------------------------------------------------------------

	/**
	 * Loads the jobs on disk, marks those that were RUNNING as INTERRUPTED (stopping any
	 * worker a killed service left behind) and starts the queued ones.
	 */
	@Override
	public void start() {
		Path dir = this.records.files().dir();
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Cannot create the jobs directory " + dir + " (ganforge.jobs.dir): " + ex.getMessage(), ex);
		}
		synchronized (this.records.lock) {
			// In cluster mode other nodes' jobs are theirs: a dead node's are
			// settled when its leases expire.
			List<Job> onRecord = this.records.shared().isPresent() ? List.of() : this.records.load();
			for (Job job : onRecord) {
				if (job.status() == JobStatus.RUNNING) {
					job = this.workers.interrupted(job);
					this.records.save(job);
					log.info("Job {} was running when the service stopped: INTERRUPTED", job.id());
				}
				this.records.update(job);
			}
			ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "ganforge-jobs-watchdog");
				thread.setDaemon(true);
				return thread;
			});
			timer.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
			this.watchdog = timer;
			this.accepting = true;
			if (this.records.shared().isEmpty()) {
				// In cluster mode the watchdog claims queued jobs once the database is
				// up.
				dispatch();
			}
		}
		log.info("Job runner started ({} store): {} in {}, at most {} training at once",
				this.records.shared().isPresent() ? "postgres" : "files",
				this.records.shared().isPresent() ? "artefacts" : this.records.size() + " jobs on record", dir,
				this.settings.maxConcurrent());
	}

	/**
	 * Stops the running workers as INTERRUPTED, after each finishes its step and writes
	 * its snapshot (within {@code stopTimeout}, then they are killed).
	 */
	@Override
	public void stop() {
		List<CompletableFuture<Integer>> exits;
		synchronized (this.records.lock) {
			this.accepting = false;
			exits = this.workers.stopAll();
		}
		try {
			CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
				.get(this.settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			log.warn("Workers did not stop within {}; killing them", this.settings.stopTimeout());
			synchronized (this.records.lock) {
				this.workers.killAll();
			}
			exits.forEach((exit) -> exit.completeOnTimeout(-1, 10, TimeUnit.SECONDS).join());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
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
			// Outside the lock: a slow database never holds up a worker's messages.
			this.records.journal().ifPresent(JobJournal::flush);
		}
		catch (JobStoreUnavailableException ex) {
			log.debug("Job journal: {}", ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Job journal failed", ex);
		}
		try {
			synchronized (this.records.lock) {
				this.records.saveUnsaved();
				this.workers.watch();
				// In cluster mode jobs are queued on other nodes too.
				if (this.records.shared().isPresent()) {
					dispatch();
					this.remote.poll(this.records.shared().get(), this.node.id(), this.streams.watched(), this.records);
				}
			}
		}
		catch (JobStoreUnavailableException ex) {
			// The store says so in its health; the watchdog tries again in a second.
			log.debug("Job watchdog: {}", ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Job watchdog failed", ex);
		}
	}

}
