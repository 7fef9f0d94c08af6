package dev.ganforge.failure;

/**
 * Work that cannot be taken now because a queue or a pool is full, or the service is
 * stopping; the same request may succeed later. Over HTTP: 503 with {@code Retry-After}.
 */
public abstract class BusyException extends RuntimeException {

	private final int retryAfterSeconds;

	/**
	 * Creates the exception.
	 * @param message what is busy and what to do
	 * @param retryAfterSeconds when trying again is worth it
	 */
	protected BusyException(String message, int retryAfterSeconds) {
		super(message);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	/**
	 * When trying again is worth it.
	 * @return seconds from now
	 */
	public int retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
