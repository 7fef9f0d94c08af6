package dev.ganforge.jobs;

import dev.ganforge.failure.BusyException;

/**
 * The job queue is full, or the service is stopping. Nothing was stored. Over HTTP: 503
 * {@code jobs-busy} with {@code Retry-After}.
 */
public class JobQueueFullException extends BusyException {

	JobQueueFullException(String message, int retryAfterSeconds) {
		super(message, retryAfterSeconds);
	}

}
