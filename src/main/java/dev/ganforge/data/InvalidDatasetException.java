package dev.ganforge.data;

/**
 * A dataset request that cannot be honoured as written: a malformed spec, a path that is
 * absolute or climbs out of its data root, or an impossible size. The message says what
 * to change.
 */
public class InvalidDatasetException extends IllegalArgumentException {

	public InvalidDatasetException(String message) {
		super(message);
	}

}
