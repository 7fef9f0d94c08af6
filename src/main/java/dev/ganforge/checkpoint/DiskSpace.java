package dev.ganforge.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free disk space where checkpoints go, checked before a job starts and before each
 * snapshot: a write that would fill the disk is refused up front with a reason, rather
 * than failing half-way (which the atomic writes survive, but which leaves the disk full
 * for everything else).
 */
public final class DiskSpace {

	private DiskSpace() {
	}

	/**
	 * The space usable by this process on the file system of a directory, or of its
	 * nearest existing parent.
	 * @param dir the directory, which need not exist yet
	 * @return usable bytes
	 * @throws IOException if no parent exists or the file store cannot be read
	 */
	public static long usable(Path dir) throws IOException {
		Path existing = dir.toAbsolutePath();
		while (existing != null && !Files.exists(existing)) {
			existing = existing.getParent();
		}
		if (existing == null) {
			throw new IOException("No existing parent of " + dir);
		}
		return Files.getFileStore(existing).getUsableSpace();
	}

	/**
	 * Refuses to go on when a directory's disk has less than a minimum free.
	 * @param dir where the next write goes
	 * @param minFreeBytes the minimum; 0 or less checks nothing
	 * @param what what was about to be written, for the message ("a snapshot")
	 * @throws CheckpointException saying how much is free and how much is needed
	 */
	public static void require(Path dir, long minFreeBytes, String what) {
		if (minFreeBytes <= 0) {
			return;
		}
		long free;
		try {
			free = usable(dir);
		}
		catch (IOException ex) {
			throw new CheckpointException(
					"Cannot tell the free disk space in " + dir + " before writing " + what + ": " + ex.getMessage(),
					ex);
		}
		if (free < minFreeBytes) {
			throw new CheckpointException("Not enough free disk space to write " + what + " in " + dir + ": "
					+ megabytes(free) + " free, at least " + megabytes(minFreeBytes)
					+ " required (--min-free-disk, ganforge.jobs.min-free-disk); nothing was written and earlier "
					+ "snapshots are intact", null);
		}
	}

	/**
	 * A size in whole megabytes, for messages.
	 * @param bytes the size
	 * @return e.g. {@code 512 MB}
	 */
	public static String megabytes(long bytes) {
		return (bytes / (1024 * 1024)) + " MB";
	}

}
