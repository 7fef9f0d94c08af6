package dev.ganforge.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ganforge.data.DataRoots;
import dev.ganforge.evaluation.EvaluationSettings;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.run.RunDirectory;
import dev.ganforge.run.WorkerMessage;
import dev.ganforge.training.StepStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker processes of the running jobs: starts each ({@link WorkerCommand}), turns
 * what it reports into the job's progress, warnings and evaluations, stops it when asked,
 * when it runs past {@code max-duration} or when the service stops (killing it if it does
 * not stop within {@code stop-timeout}), and settles the job's status when it exits,
 * publishing its model first. Every method is called with the records' lock held, except
 * where it says otherwise.
 */
final class WorkerSupervisor {

	private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);

	private static final Duration SAVE_PROGRESS_EVERY = Duration.ofSeconds(10);

	// Other nodes read progress from the store.
	private static final Duration SAVE_PROGRESS_EVERY_IN_CLUSTER = Duration.ofSeconds(2);

	private final JobRecords records;

	private final JobSettings settings;

	private final ModelRegistry registry;

	private final Path modelsDir;

	private final DataRoots roots;

	private final EvaluationSettings evaluation;

	private final Redaction redaction;

	private final Runnable slotFreed;

	private final String node;

	private final Map<String, Running> running = new HashMap<>();

	/**
	 * A supervisor.
	 * @param slotFreed called, with the lock held, when a job's worker has exited and its
	 * status is settled: the queue may start the next one
	 */
	WorkerSupervisor(JobRecords records, JobSettings settings, String node, ModelRegistry registry, Path modelsDir,
			DataRoots roots, EvaluationSettings evaluation, Redaction redaction, Runnable slotFreed) {
		this.node = node;
		this.records = records;
		this.settings = settings;
		this.registry = registry;
		this.modelsDir = modelsDir.toAbsolutePath().normalize();
		this.roots = roots;
		this.evaluation = evaluation;
		this.redaction = redaction;
		this.slotFreed = slotFreed;
		records.onLeaseLost(this::leaseLost);
	}

	int running() {
		return this.running.size();
	}

	boolean runs(String id) {
		return this.running.containsKey(id);
	}

	/**
	 * Starts a queued job's worker: it resumes from the job's last snapshot if it has
	 * one. A worker that cannot start fails the job.
	 */
	void launch(Job job) {
		RunDirectory run = this.records.files().run(job.id());
		Path logFile = this.records.files().workerLog(job.id());
		Optional<Long> snapshot = run.latestSnapshotStep();
		boolean resume = snapshot.isPresent();
		List<String> command = new ArrayList<>(WorkerCommand.jvm(this.settings));
		command.addAll(WorkerCommand.train(job, run, this.modelsDir.resolve(job.request().modelName()), this.roots,
				this.evaluation, resume, this.settings.minFreeDisk().toBytes()));
		Worker worker = null;
		try {
			Files.createDirectories(run.dir());
			job.request().runConfig().write(run.config());
			// The command names the server's paths: it goes to the server's log, not the
			// job's.
			Files.writeString(logFile,
					"=== " + this.records.now() + " attempt " + (job.attempts() + 1) + ": "
							+ (resume ? "resuming " : "training ") + job.request().modelName() + " on "
							+ job.request().dataset() + "\n",
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			log.debug("Job {} attempt {}: {}", job.id(), job.attempts() + 1, String.join(" ", command));
			this.records.journal()
				.ifPresent((journal) -> journal.start(job.id(), this.records.lease(job.id()), snapshot.orElse(0L),
						resume ? LossHistory.read(run.history(), 0) : List.of(),
						resume ? run.evaluations() : List.of()));
			worker = Worker.start(command, logFile, new Listener(job.id()));
			this.running.put(job.id(), new Running(worker));
			this.records.record(job.started(worker.pid(), this.records.now()), JobEvent.STATUS);
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
			this.records.record(job.withStatus(JobStatus.FAILED,
					"Cannot start the worker process: " + this.redaction.apply(ex.getMessage()), this.records.now()),
					JobEvent.STATUS);
			this.records.release(job.id());
		}
	}

	/** Asks a running job's worker to finish its step, snapshot and exit. */
	void stop(String id, StopReason reason) {
		Running run = this.running.get(id);
		if (run == null || run.stopReason != null) {
			return;
		}
		run.stopReason = reason;
		run.stopRequestedAt = this.records.now();
		run.worker.requestStop();
		this.records.record(this.records.find(id).cancelling(), JobEvent.STATUS);
		log.info("Job {}: asked its worker to stop ({})", id, reason);
	}

	/**
	 * Stops every worker as the service goes down; their jobs become INTERRUPTED.
	 * @return their exits
	 */
	List<CompletableFuture<Integer>> stopAll() {
		List<CompletableFuture<Integer>> exits = new ArrayList<>();
		for (String id : List.copyOf(this.running.keySet())) {
			stop(id, StopReason.SHUTDOWN);
			exits.add(this.running.get(id).worker.exit());
		}
		return exits;
	}

	void killAll() {
		this.running.values().forEach((run) -> run.worker.kill());
	}

	/**
	 * Stops a job that ran past {@code max-duration}, and kills a worker that did not
	 * stop within {@code stop-timeout} of being asked.
	 */
	void watch() {
		Instant now = this.records.now();
		this.records.shared().ifPresent(this::watchLeases);
		for (Map.Entry<String, Running> entry : this.running.entrySet()) {
			Running run = entry.getValue();
			Job job = this.records.find(entry.getKey());
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

	/**
	 * Cluster mode: renews the leases of the jobs running here (a job whose lease another
	 * node took is let go), stops those a client cancelled on another node, and settles
	 * the jobs whose holder's lease expired: that node is taken for dead.
	 */
	private void watchLeases(SharedJobStore shared) {
		for (String id : List.copyOf(this.running.keySet())) {
			String token = this.records.lease(id);
			if (token != null && !shared.renew(id, token, this.settings.lease())) {
				leaseLost(id);
			}
		}
		for (String id : shared.cancelRequested(this.node)) {
			stop(id, StopReason.CANCELLED);
		}
		for (SharedJobStore.Claim claim : shared.expired()) {
			if (this.records.holds(claim.job().id())) {
				leaseLost(claim.job().id());
			}
			Job settled = interruptedOrRequeued(claim.job(),
					"The node that ran the job stopped renewing its lease (ganforge.jobs.lease, "
							+ this.settings.lease().toSeconds() + " s)");
			if (shared.save(settled, claim.token())) {
				log.warn("Job {}: its node's lease expired; {}", settled.id(), settled.status());
				this.records.publish(JobEvent.STATUS, settled, settled.progress().step());
			}
		}
	}

	/**
	 * A job another node took over while this node's worker still ran it: the worker is
	 * killed unheard, and nothing more is written for it here.
	 */
	private void leaseLost(String id) {
		Running run = this.running.remove(id);
		this.records.release(id);
		if (run != null) {
			run.worker.kill();
		}
	}

	/**
	 * An interrupted job's next status: QUEUED again when {@code auto-resume} is on and
	 * attempts are left, else INTERRUPTED for a client to resume.
	 */
	private Job interruptedOrRequeued(Job job, String why) {
		Instant now = this.records.now();
		if (autoResume() && job.attempts() < this.settings.maxAttempts()) {
			return job.withStatus(JobStatus.QUEUED, why + "; queued again to continue from its last snapshot (attempt "
					+ (job.attempts() + 1) + " of " + this.settings.maxAttempts() + ").", now);
		}
		return job.withStatus(JobStatus.INTERRUPTED, why + "; resume it to continue from its last snapshot.", now);
	}

	private boolean autoResume() {
		Boolean configured = this.settings.autoResume();
		return (configured != null) ? configured : this.records.shared().isPresent();
	}

	/**
	 * A job that was RUNNING when the service went down, as INTERRUPTED, once the worker
	 * it left behind (which sees its stdin close, snapshots and exits) is gone: a resume
	 * must never race it for the run directory.
	 */
	Job interrupted(Job job) {
		if (job.workerPid() != null) {
			ProcessHandle.of(job.workerPid())
				.filter(ProcessHandle::isAlive)
				.filter((process) -> process.info().commandLine().map((line) -> line.contains(job.id())).orElse(false))
				.ifPresent((process) -> awaitOrphan(job.id(), process));
		}
		return interruptedOrRequeued(job, "The service stopped while the job was running");
	}

	private void awaitOrphan(String id, ProcessHandle process) {
		log.info("Job {}: waiting for the worker {} of the previous run to stop", id, process.pid());
		try {
			process.onExit().get(this.settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	// Called on the worker's reader thread.
	private void onMessage(String id, WorkerMessage message) {
		synchronized (this.records.lock) {
			Running run = this.running.get(id);
			Job job = this.records.find(id);
			if (run == null || job == null) {
				return;
			}
			if (message instanceof WorkerMessage.Step step) {
				this.records.journal().ifPresent((journal) -> journal.step(id, step.stats()));
				progress(run, job, step.stats(), step.total());
			}
			else if (message instanceof WorkerMessage.Samples samples) {
				saved(run, job, JobEvent.SAMPLES, samples.step());
			}
			else if (message instanceof WorkerMessage.Snapshot snapshot) {
				saved(run, job, JobEvent.SNAPSHOT, snapshot.step());
			}
			else if (message instanceof WorkerMessage.Divergence d) {
				log.warn("Job {}: {} at step {}: {}; {}", id, d.kind(), d.step(), d.evidence(), d.action());
				this.records.record(
						job.withWarning(
								new Job.Warning(d.kind(), d.step(), d.evidence(), d.action(), this.records.now())),
						JobEvent.WARNING);
			}
			else if (message instanceof WorkerMessage.Evaluation e) {
				this.records.journal().ifPresent((journal) -> journalEvaluation(journal, id, e.step()));
				Job evaluated = job.withEvaluation(e.step(), e.fd(), e.kid());
				saved(run, evaluated, JobEvent.EVALUATION, e.step());
			}
			else if (message instanceof WorkerMessage.Done || message instanceof WorkerMessage.Cancelled
					|| message instanceof WorkerMessage.Failed) {
				run.outcome = message;
			}
			// dataset and best: nothing to record
		}
	}

	/**
	 * Cluster mode: the whole evaluation, which the worker writes to the run directory
	 * before it reports the summary, goes into the journal.
	 */
	private void journalEvaluation(JobJournal journal, String id, long step) {
		Optional<Quality> last = this.records.files().run(id).lastEvaluation().filter((q) -> q.step() == step);
		if (last.isPresent()) {
			journal.evaluation(id, last.get());
		}
		else {
			log.warn("Job {}: its evaluation at step {} is not in its run directory; the journal goes without it", id,
					step);
		}
	}

	private void progress(Running run, Job job, StepStats stats, long total) {
		run.speed = (run.speed == 0) ? stats.imagesPerSecond() : 0.8 * run.speed + 0.2 * stats.imagesPerSecond();
		Double eta = (run.speed > 0) ? Math.max(0, total - stats.step()) * job.request().batchSize() / run.speed : null;
		Job updated = job.withProgress(new Job.Progress(stats.step(), total, stats.epoch(), run.speed, eta), stats);
		this.records.update(updated);
		Instant now = this.records.now();
		Duration every = this.records.shared().isPresent() ? SAVE_PROGRESS_EVERY_IN_CLUSTER : SAVE_PROGRESS_EVERY;
		if (run.savedAt == null || Duration.between(run.savedAt, now).compareTo(every) >= 0) {
			this.records.save(updated);
			run.savedAt = now;
		}
		this.records.publish(JobEvent.PROGRESS, updated, stats.step());
	}

	private void saved(Running run, Job job, String type, long step) {
		this.records.update(job);
		this.records.save(job);
		run.savedAt = this.records.now();
		this.records.publish(type, job, step);
	}

	// Called on the worker's reader thread once its output is read to the end.
	private void onExit(String id, int exitCode) {
		boolean done;
		synchronized (this.records.lock) {
			Running run = this.running.get(id);
			if (run == null) {
				return;
			}
			done = run.outcome instanceof WorkerMessage.Done;
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
		synchronized (this.records.lock) {
			Running run = this.running.remove(id);
			Job job = this.records.find(id);
			Instant now = this.records.now();
			Job finished = switch (outcome(run, exitCode)) {
				case SUCCEEDED -> job.withStatus(JobStatus.SUCCEEDED, null, now);
				case CANCELLED -> job.withStatus(JobStatus.CANCELLED, null, now);
				case INTERRUPTED -> interruptedOrRequeued(job, "The service stopped while the job was running");
				default -> job.withStatus(JobStatus.FAILED, failureReason(run, exitCode, id), now);
			};
			this.records.record(finished, JobEvent.STATUS);
			this.records.release(id);
			log.info("Job {} {} at step {} (worker exit code {})", id, finished.status(), finished.progress().step(),
					exitCode);
			this.slotFreed.run();
		}
	}

	private static JobStatus outcome(Running run, int exitCode) {
		if (run.outcome instanceof WorkerMessage.Done && exitCode == 0) {
			return JobStatus.SUCCEEDED;
		}
		if (run.stopReason == StopReason.SHUTDOWN) {
			return JobStatus.INTERRUPTED;
		}
		if (run.stopReason == StopReason.CANCELLED && !(run.outcome instanceof WorkerMessage.Failed)) {
			return JobStatus.CANCELLED;
		}
		return JobStatus.FAILED;
	}

	private String failureReason(Running run, int exitCode, String id) {
		if (run.stopReason == StopReason.TIMED_OUT) {
			return "The job trained longer than ganforge.jobs.max-duration (" + this.settings.maxDuration()
					+ ") and was stopped; resume it to continue.";
		}
		if (run.outcome instanceof WorkerMessage.Failed failed && failed.reason() != null) {
			return this.redaction.apply(failed.reason());
		}
		String how = (exitCode > 128) ? "was killed by signal " + (exitCode - 128) : "exited with code " + exitCode;
		return "The worker process " + how + " without finishing; GET /jobs/" + id + "/log shows what it printed.";
	}

	/**
	 * Why a worker is asked to stop.
	 */
	enum StopReason {

		CANCELLED, SHUTDOWN, TIMED_OUT

	}

	/** The service's side of a worker; fields are guarded by the records' lock. */
	private static final class Running {

		final Worker worker;

		StopReason stopReason;

		Instant stopRequestedAt;

		Instant savedAt;

		double speed;

		WorkerMessage outcome;

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
		public void message(WorkerMessage message) {
			onMessage(this.id, message);
		}

		@Override
		public void exited(int exitCode) {
			onExit(this.id, exitCode);
		}

	}

}
