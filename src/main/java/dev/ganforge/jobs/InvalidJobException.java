package dev.ganforge.jobs;

import java.util.List;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A job request with a value the trainer cannot use: 400 {@code invalid-request}, with
 * the same {@code errors} list as bean validation (one entry naming the field).
 */
class InvalidJobException extends ErrorResponseException {

	private final String field;

	InvalidJobException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, Problems.invalid(HttpStatus.BAD_REQUEST,
				List.of(new Problems.FieldProblem(field, Problems.quote(message, 300)))), null);
		this.field = field;
	}

	/**
	 * Names the field an {@link IllegalArgumentException} from the training code is
	 * about: those messages start with, or mention, the field's name.
	 * @param ex the exception
	 * @param candidates the fields it may be about, the most likely first
	 * @return the exception for the field mentioned first
	 */
	static InvalidJobException of(IllegalArgumentException ex, String... candidates) {
		String message = String.valueOf(ex.getMessage());
		String field = candidates[0];
		int first = Integer.MAX_VALUE;
		for (String candidate : candidates) {
			int at = message.indexOf(candidate);
			if (at >= 0 && at < first) {
				first = at;
				field = candidate;
			}
		}
		return new InvalidJobException(field, message);
	}

	String field() {
		return this.field;
	}

}
