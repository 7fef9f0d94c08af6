package dev.ganforge.data;

/**
 * A dataset that is well specified but not present: the message names what was looked for
 * and in which data roots.
 */
public class DatasetNotFoundException extends RuntimeException {

	public DatasetNotFoundException(String message) {
		super(message);
	}

}
