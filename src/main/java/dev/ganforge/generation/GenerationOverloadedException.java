package dev.ganforge.generation;

import dev.ganforge.failure.BusyException;

/**
 * A model's queue is full, generation memory is taken, or the service is shutting down.
 * Over HTTP: 503 {@code overloaded} with {@code Retry-After}.
 */
public class GenerationOverloadedException extends BusyException {

	GenerationOverloadedException(String message, int retryAfterSeconds) {
		super(message, retryAfterSeconds);
	}

}
