package dev.ganforge.evaluation;

import dev.ganforge.failure.BusyException;

/**
 * The evaluation queue is full, or the service is stopping. Over HTTP: 503
 * {@code evaluations-busy} with {@code Retry-After}.
 */
public class EvaluationsBusyException extends BusyException {

	private static final int RETRY_AFTER_SECONDS = 60;

	EvaluationsBusyException(int queued) {
		super(queued + " evaluations are waiting; try again when one has finished.", RETRY_AFTER_SECONDS);
	}

}
