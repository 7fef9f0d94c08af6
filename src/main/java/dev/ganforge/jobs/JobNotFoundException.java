package dev.ganforge.jobs;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No job of that id, or no such file of a job (a sample grid of another step): 404, kind
 * {@code job-not-found}.
 */
class JobNotFoundException extends ErrorResponseException {

	JobNotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", detail), null);
	}

	static JobNotFoundException job(String id) {
		return new JobNotFoundException("There is no job '" + Problems.quote(id, 80) + "' (GET /jobs lists them).");
	}

}
