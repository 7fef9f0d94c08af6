package dev.ganforge.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small IDX files for tests.
 */
final class IdxFiles {

	private IdxFiles() {
	}

	static byte[] images(int count, int rows, int cols, byte[] pixels) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(IdxReader.IMAGES_MAGIC);
		out.writeInt(count);
		out.writeInt(rows);
		out.writeInt(cols);
		out.write(pixels);
		return bytes.toByteArray();
	}

	static byte[] labels(int... labels) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(IdxReader.LABELS_MAGIC);
		out.writeInt(labels.length);
		for (int label : labels) {
			out.writeByte(label);
		}
		return bytes.toByteArray();
	}

	static byte[] gzip(byte[] raw) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (OutputStream out = new GZIPOutputStream(bytes)) {
			out.write(raw);
		}
		return bytes.toByteArray();
	}

	static Path write(Path file, byte[] content) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.write(file, content);
	}

}
