package dev.ganforge.jobs;

import dev.ganforge.failure.BusyException;

/**
 * The database that holds the job records cannot be reached (cluster mode): nothing was
 * changed, and the same request may succeed once it is back.
 */
public class JobStoreUnavailableException extends BusyException {

	JobStoreUnavailableException(String message) {
		super(message, 10);
	}

}
