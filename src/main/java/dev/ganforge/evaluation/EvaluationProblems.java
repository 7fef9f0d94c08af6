package dev.ganforge.evaluation;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The HTTP problems of evaluations besides {@link NoFeatureExtractorException}.
 */
final class EvaluationProblems {

	private EvaluationProblems() {
	}

	/** 404 {@code evaluation-not-found}: no run of that id for that model. */
	static ErrorResponseException notFound(String model, String id) {
		return new ErrorResponseException(HttpStatus.NOT_FOUND,
				Problems.of(HttpStatus.NOT_FOUND, "evaluation-not-found", "Evaluation not found",
						"Model " + Problems.quote(model, 64) + " has no evaluation " + Problems.quote(id, 64)
								+ "; finished runs are kept for the " + EvaluationService.HISTORY + " most recent."),
				null);
	}

	/** 400 {@code invalid-request}: more samples than this service allows. */
	static ErrorResponseException tooManySamples(int samples, int max) {
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
				"Invalid request", "samples " + samples + " is above this service's limit of " + max), null);
	}

	/** 503 {@code evaluations-busy}: the queue is full; retry later. */
	static ErrorResponseException busy(int queued) {
		ErrorResponseException ex = new ErrorResponseException(
				HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "evaluations-busy",
						"Evaluations busy", queued + " evaluations are waiting; try again when one has finished."),
				null);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, "60");
		return ex;
	}

}
