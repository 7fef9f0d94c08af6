package dev.ganforge.generation;

import java.util.List;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A generation request whose values are out of range or contradict each other: 400,
 * problem type {@code invalid-request}, with the field in {@code errors} as for any other
 * invalid value.
 */
class InvalidGenerationRequestException extends ErrorResponseException {

	InvalidGenerationRequestException(String field, String message) {
		super(HttpStatus.BAD_REQUEST,
				Problems.invalid(HttpStatus.BAD_REQUEST, List.of(new Problems.FieldProblem(field, message))), null);
	}

}
