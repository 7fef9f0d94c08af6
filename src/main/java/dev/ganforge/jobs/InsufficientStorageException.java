package dev.ganforge.jobs;

/**
 * Too little free disk space, or no room for another file, to start or resume a job
 * ({@code ganforge.jobs.min-free-disk}). Nothing was queued. Over HTTP: 507
 * {@code insufficient-storage}.
 */
public class InsufficientStorageException extends RuntimeException {

	InsufficientStorageException(String message) {
		super(message);
	}

}
