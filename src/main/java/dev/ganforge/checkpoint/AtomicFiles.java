package dev.ganforge.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces small files so that a reader, or a crash, sees either the old or the new
 * content, never a mix: records such as a job's {@code job.json}.
 */
public final class AtomicFiles {

	private AtomicFiles() {
	}

	/**
	 * Writes a file through a synced temporary file in the same directory, renamed over
	 * the target.
	 * @param target the file to write
	 * @param bytes its new content
	 * @throws IOException if it cannot be written; the old content is then untouched
	 */
	public static void write(Path target, byte[] bytes) throws IOException {
		Path parent = target.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path tmp = parent.resolve("." + target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(tmp);
		}
		try (FileChannel dir = FileChannel.open(parent, StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException ex) {
			// flushing a directory entry is best effort off Linux
		}
	}

}
