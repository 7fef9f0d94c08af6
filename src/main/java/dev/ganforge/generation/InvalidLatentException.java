package dev.ganforge.generation;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A latent vector that the model cannot take (wrong length, NaN or infinite values) or a
 * latent given both or neither as seed and vector: 400, problem type
 * {@code invalid-latent}.
 */
class InvalidLatentException extends ErrorResponseException {

	InvalidLatentException(String detail) {
		super(HttpStatus.BAD_REQUEST,
				Problems.of(HttpStatus.BAD_REQUEST, "invalid-latent", "Invalid latent vector", detail), null);
	}

}
