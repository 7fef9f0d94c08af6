package dev.ganforge.data;

import java.nio.file.Path;

/**
 * A dataset file that exists but cannot be read: bad magic number, dimensions that do not
 * match its length, a truncated gzip stream or an undecodable image. The message names
 * the file.
 */
public class CorruptDatasetException extends RuntimeException {

	private final transient Path file;

	public CorruptDatasetException(Path file, String problem) {
		this(file, problem, null);
	}

	public CorruptDatasetException(Path file, String problem, Throwable cause) {
		super("Corrupt dataset file " + file + ": " + problem, cause);
		this.file = file;
	}

	/**
	 * Return the file that could not be read.
	 * @return the file
	 */
	public Path file() {
		return this.file;
	}

}
