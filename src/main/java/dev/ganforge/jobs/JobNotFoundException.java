package dev.ganforge.jobs;

import dev.ganforge.failure.Quote;

/**
 * No job of that id. Over HTTP: 404 {@code job-not-found}.
 */
public class JobNotFoundException extends RuntimeException {

	JobNotFoundException(String message) {
		super(message);
	}

	static JobNotFoundException job(String id) {
		return new JobNotFoundException("There is no job '" + Quote.safe(id, 80) + "' (GET /jobs lists them).");
	}

}
