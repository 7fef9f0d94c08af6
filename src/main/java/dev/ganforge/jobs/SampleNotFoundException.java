package dev.ganforge.jobs;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A job that exists has no sample grid at the step asked for, or none yet: 404, problem
 * type {@code sample-not-found} (not {@code job-not-found}: the job is there).
 */
class SampleNotFoundException extends ErrorResponseException {

	SampleNotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND,
				Problems.of(HttpStatus.NOT_FOUND, "sample-not-found", "Sample grid not found", detail), null);
	}

}
