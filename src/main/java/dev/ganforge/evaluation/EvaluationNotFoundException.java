package dev.ganforge.evaluation;

import dev.ganforge.failure.Quote;

/**
 * No evaluation run of that id for that model, or one too old to be remembered. Over
 * HTTP: 404 {@code evaluation-not-found}.
 */
public class EvaluationNotFoundException extends RuntimeException {

	EvaluationNotFoundException(String model, String id) {
		super("Model " + Quote.safe(model, 64) + " has no evaluation " + Quote.safe(id, 64)
				+ "; finished runs are kept for the " + EvaluationService.HISTORY + " most recent.");
	}

}
