package dev.ganforge.failure;

/**
 * A value the caller gave that cannot be used: out of range, or contradicting another.
 * Names the field, so that every front end can point at it (over HTTP: 400
 * {@code invalid-request} with the field in {@code errors}, as bean validation does).
 */
public class InvalidValueException extends RuntimeException {

	private final String field;

	private final String problem;

	/**
	 * Creates the exception.
	 * @param field the field's path in the request, e.g. {@code count} or
	 * {@code latents[2].seed}
	 * @param problem what is wrong with it, a phrase that follows the field's name
	 */
	public InvalidValueException(String field, String problem) {
		super(field + " " + problem);
		this.field = field;
		this.problem = problem;
	}

	/**
	 * The field.
	 * @return its path in the request
	 */
	public String field() {
		return this.field;
	}

	/**
	 * What is wrong with the field's value.
	 * @return a phrase that follows the field's name
	 */
	public String problem() {
		return this.problem;
	}

}
