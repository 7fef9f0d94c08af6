package dev.ganforge.evaluation;

import java.time.Instant;

/**
 * An evaluation requested over HTTP, as {@code GET /models/{name}/evaluations/{id}} shows
 * it.
 *
 * @param id the run's id
 * @param model the model evaluated
 * @param state where it is
 * @param samples images per side
 * @param seed first latent seed
 * @param truncation the truncation psi of every latent, 1 for none
 * @param submittedAt when it was requested
 * @param finishedAt when it succeeded or failed, null before
 * @param result the metrics once SUCCEEDED, null otherwise
 * @param error why it FAILED, null otherwise
 */
public record EvaluationRun(String id, String model, State state, int samples, long seed, double truncation,
		Instant submittedAt, Instant finishedAt, Evaluation result, String error) {

	EvaluationRun running() {
		return new EvaluationRun(this.id, this.model, State.RUNNING, this.samples, this.seed, this.truncation,
				this.submittedAt, null, null, null);
	}

	EvaluationRun succeeded(Evaluation evaluation) {
		return new EvaluationRun(this.id, this.model, State.SUCCEEDED, this.samples, this.seed, this.truncation,
				this.submittedAt, Instant.now(), evaluation, null);
	}

	EvaluationRun failed(String reason) {
		return new EvaluationRun(this.id, this.model, State.FAILED, this.samples, this.seed, this.truncation,
				this.submittedAt, Instant.now(), null, reason);
	}

	boolean finished() {
		return this.state == State.SUCCEEDED || this.state == State.FAILED;
	}

	/** The states of a run. */
	public enum State {

		/** Waiting for the evaluation thread. */
		QUEUED,
		/** Generating images and computing metrics. */
		RUNNING,
		/** Done; the result holds the metrics. */
		SUCCEEDED,
		/** Stopped; the error says why. */
		FAILED

	}

}
