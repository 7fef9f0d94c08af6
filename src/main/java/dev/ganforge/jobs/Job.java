package dev.ganforge.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.ganforge.training.StepStats;

/**
 * A training job: what was asked, where it is, and what it last measured. Immutable; each
 * change makes a new one, which is also what is stored as the job's {@code job.json}.
 *
 * @param id the job's id
 * @param status where it is in its life
 * @param request the request, defaults filled in
 * @param createdAt when it was submitted
 * @param startedAt when its current (or last) attempt started training, or null
 * @param finishedAt when it last stopped, or null while queued or running
 * @param progress step, total, epoch, speed and ETA
 * @param latest the last step's losses and D outputs, or null before the first step
 * @param error why it failed or was stopped, or null
 * @param cancelRequested whether a cancel is on its way to the worker
 * @param attempts how many times it has started (1 + resumes)
 * @param workerPid the worker process's pid while it may be alive, or null
 * @param warnings what the divergence monitor found, oldest first (at most
 * {@value #MAX_WARNINGS})
 * @param quality the latest and the best evaluation when the job evaluates
 * ({@code evaluateEvery}), or null before the first
 */
public record Job(String id, JobStatus status, JobRequest request, Instant createdAt, Instant startedAt,
		Instant finishedAt, Progress progress, StepStats latest, String error, boolean cancelRequested, int attempts,
		Long workerPid, List<Warning> warnings, Quality quality) {

	/** Warnings kept per job; the oldest go first. */
	public static final int MAX_WARNINGS = 50;

	public Job {
		warnings = (warnings != null) ? List.copyOf(warnings) : List.of();
	}

	static Job queued(String id, JobRequest request, Instant now) {
		return new Job(id, JobStatus.QUEUED, request, now, null, null, Progress.NONE, null, null, false, 0, null,
				List.of(), null);
	}

	Job withStatus(JobStatus newStatus, String newError, Instant now) {
		Instant finished = newStatus.isActive() ? null : now;
		return new Job(this.id, newStatus, this.request, this.createdAt, this.startedAt, finished, this.progress,
				this.latest, newError, newStatus.isActive() && this.cancelRequested, this.attempts,
				newStatus.isActive() ? this.workerPid : null, this.warnings, this.quality);
	}

	Job started(long pid, Instant now) {
		return new Job(this.id, JobStatus.RUNNING, this.request, this.createdAt, now, null, this.progress, this.latest,
				null, false, this.attempts + 1, pid, this.warnings, this.quality);
	}

	Job withProgress(Progress newProgress, StepStats newLatest) {
		return new Job(this.id, this.status, this.request, this.createdAt, this.startedAt, this.finishedAt, newProgress,
				newLatest, this.error, this.cancelRequested, this.attempts, this.workerPid, this.warnings,
				this.quality);
	}

	Job cancelling() {
		return new Job(this.id, this.status, this.request, this.createdAt, this.startedAt, this.finishedAt,
				this.progress, this.latest, this.error, true, this.attempts, this.workerPid, this.warnings,
				this.quality);
	}

	Job withWarning(Warning warning) {
		List<Warning> all = new ArrayList<>(this.warnings);
		all.add(warning);
		List<Warning> kept = all.subList(Math.max(0, all.size() - MAX_WARNINGS), all.size());
		return new Job(this.id, this.status, this.request, this.createdAt, this.startedAt, this.finishedAt,
				this.progress, this.latest, this.error, this.cancelRequested, this.attempts, this.workerPid, kept,
				this.quality);
	}

	Job withEvaluation(long step, double fd, double kid) {
		Score score = new Score(step, fd, kid);
		Score best = (this.quality != null && this.quality.best() != null && !(fd < this.quality.best().fd()))
				? this.quality.best() : score;
		return new Job(this.id, this.status, this.request, this.createdAt, this.startedAt, this.finishedAt,
				this.progress, this.latest, this.error, this.cancelRequested, this.attempts, this.workerPid,
				this.warnings, new Quality(score, best));
	}

	/**
	 * What the job's evaluations measured, in the feature space of its dataset's
	 * extractor, at its {@code evaluateSamples}.
	 *
	 * @param latest the last evaluation
	 * @param best the evaluation with the lowest FD, whose generator is kept as the model
	 * {@code <modelName>-best}
	 */
	public record Quality(Score latest, Score best) {
	}

	/**
	 * One evaluation.
	 *
	 * @param step the step it was made at
	 * @param fd the Frechet distance
	 * @param kid the kernel distance (KID)
	 */
	public record Score(long step, double fd, double kid) {
	}

	/**
	 * A finding of the divergence monitor.
	 *
	 * @param kind {@code discriminator-wins}, {@code mode-collapse}, {@code fd-rising},
	 * {@code class-collapse} or {@code non-finite-loss}
	 * @param step the step it was seen at
	 * @param evidence the numbers, in words
	 * @param action what the run did: warned, rolled back (to which step, with which
	 * learning rates) or stopped
	 * @param at when
	 */
	public record Warning(String kind, long step, String evidence, String action, Instant at) {
	}

	/**
	 * How far a job is.
	 *
	 * @param step steps completed
	 * @param totalSteps steps of the whole run, 0 until the dataset is loaded
	 * @param epoch the current pass over the data
	 * @param imagesPerSecond recent training speed
	 * @param etaSeconds estimated seconds to the end at that speed, or null
	 */
	public record Progress(long step, long totalSteps, int epoch, double imagesPerSecond, Double etaSeconds) {

		static final Progress NONE = new Progress(0, 0, 0, 0, null);

		/**
		 * The fraction done.
		 * @return from 0 to 1
		 */
		public double fraction() {
			return (this.totalSteps > 0) ? Math.min(1.0, (double) this.step / this.totalSteps) : 0.0;
		}

	}

}
