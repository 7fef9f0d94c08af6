package dev.ganforge.generation;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A generation request whose values are out of range or contradict each other: 400,
 * problem type {@code invalid-request}.
 */
class InvalidGenerationRequestException extends ErrorResponseException {

	InvalidGenerationRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail),
				null);
	}

}
