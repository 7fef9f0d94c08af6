package dev.ganforge.jobs;

import dev.ganforge.failure.InvalidValueException;
import dev.ganforge.failure.Quote;

/**
 * A job request with a value the trainer cannot use, naming the field (over HTTP: the
 * same {@code errors} list as bean validation).
 */
class InvalidJobException extends InvalidValueException {

	InvalidJobException(String field, String problem) {
		super(field, Quote.safe(problem, 300));
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

}
