package dev.ganforge.generation;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A model's queue is full, or the service is shutting down: 503 with {@code Retry-After},
 * problem type {@code overloaded}.
 */
class GenerationOverloadedException extends ErrorResponseException {

	GenerationOverloadedException(String detail, int retryAfterSeconds) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Generator overloaded", detail), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
	}

}
