package dev.ganforge.jobs;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The job queue is full, or the service is stopping: 503 with {@code Retry-After}, kind
 * {@code jobs-busy}. Nothing was stored.
 */
class JobQueueFullException extends ErrorResponseException {

	JobQueueFullException(String detail, int retryAfterSeconds) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "jobs-busy", "Training queue full", detail), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
	}

}
