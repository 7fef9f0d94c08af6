package dev.ganforge.jobs;

/**
 * A job that exists has no sample grid at the step asked for, or none yet. Over HTTP: 404
 * {@code sample-not-found} (not {@code job-not-found}: the job is there).
 */
public class SampleNotFoundException extends RuntimeException {

	SampleNotFoundException(String message) {
		super(message);
	}

}
