package dev.ganforge.checkpoint;

import dev.ganforge.failure.FieldPath;

import tools.jackson.core.JacksonException;

/**
 * A checkpoint cannot be read: missing, corrupt, truncated or of an unknown format
 * version. The message names the directory and what is wrong with it.
 */
public class CheckpointException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what is wrong, naming the checkpoint
	 * @param cause the underlying failure, or null
	 */
	public CheckpointException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * What a JSON parser found wrong, for people: the field's path and the parser's own
	 * message, without its advice on its settings ("set DeserializationFeature... to
	 * 'false' to allow"), which is for programmers of the reader, not its users.
	 * @param ex the parser's exception
	 * @return e.g. {@code field step: Cannot map `null` into type `long`}
	 */
	public static String describe(JacksonException ex) {
		String where = FieldPath.of(ex);
		String message = String.valueOf(ex.getOriginalMessage())
			.replaceAll("\\s*\\((?:set|enable|disable) [^)]*\\)", "")
			.replaceAll(";\\s*`[\\w.]+` (?:enabled|disabled)", "")
			.strip();
		return where.isEmpty() ? message : "field " + where + ": " + message;
	}

}
