package dev.ganforge.jobs;

import dev.ganforge.failure.BusyException;

/**
 * Every loss-plot rendering turn is taken. Over HTTP: 503 {@code plots-busy} with
 * {@code Retry-After}.
 */
public class PlotsBusyException extends BusyException {

	PlotsBusyException(String message, int retryAfterSeconds) {
		super(message, retryAfterSeconds);
	}

}
