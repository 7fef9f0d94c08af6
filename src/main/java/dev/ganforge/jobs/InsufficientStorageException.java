package dev.ganforge.jobs;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Too little free disk space to start or resume a job
 * ({@code ganforge.jobs.min-free-disk}): 507, kind {@code insufficient-storage}. Nothing
 * was queued.
 */
class InsufficientStorageException extends ErrorResponseException {

	InsufficientStorageException(String detail) {
		super(HttpStatus.INSUFFICIENT_STORAGE,
				Problems.of(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "Insufficient storage", detail),
				null);
	}

}
