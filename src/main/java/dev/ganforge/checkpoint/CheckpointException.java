package dev.ganforge.checkpoint;

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

}
