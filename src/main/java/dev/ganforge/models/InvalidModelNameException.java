package dev.ganforge.models;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request named a model with a string that cannot be a model name: 400, kind
 * {@code invalid-model-name}.
 */
class InvalidModelNameException extends ErrorResponseException {

	InvalidModelNameException(String name) {
		super(HttpStatus.BAD_REQUEST,
				Problems.of(HttpStatus.BAD_REQUEST, "invalid-model-name", "Invalid model name",
						"'" + Problems.quote(name, 80) + "' is not a model name: names are 1 to 64 letters, digits, "
								+ "'.', '_' or '-', starting with a letter or digit."),
				null);
	}

}
