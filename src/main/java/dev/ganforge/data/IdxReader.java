package dev.ganforge.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format): big-endian magic {@code 0x00000803} for
 * 3-dimensional uint8 images and {@code 0x00000801} for 1-dimensional uint8 labels, then
 * the dimensions, then the data. Files may be gzip-compressed, detected by the
 * {@code 1f 8b} magic bytes rather than the file name.
 */
final class IdxReader {

	static final int IMAGES_MAGIC = 0x00000803;

	static final int LABELS_MAGIC = 0x00000801;

	private static final int MAX_SIDE = 4096;

	private IdxReader() {
	}

	/**
	 * Read an idx3 image file.
	 * @param file the file
	 * @return the images
	 * @throws CorruptDatasetException if the file is not a complete idx3 uint8 file
	 */
	static IdxImages readImages(Path file) {
		try (DataInputStream in = open(file)) {
			checkMagic(file, in.readInt(), IMAGES_MAGIC, "idx3 images");
			int count = in.readInt();
			int rows = in.readInt();
			int cols = in.readInt();
			if (count < 0 || rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
				throw new CorruptDatasetException(file,
						"implausible dimensions " + count + " x " + rows + " x " + cols + " in the header");
			}
			long length = (long) count * rows * cols;
			if (length > Integer.MAX_VALUE - 16) {
				throw new CorruptDatasetException(file, "header declares " + length + " bytes, too large to load");
			}
			byte[] pixels = readBody(file, in, (int) length,
					"header declares " + count + " images of " + rows + "x" + cols);
			return new IdxImages(count, rows, cols, pixels);
		}
		catch (EOFException ex) {
			throw new CorruptDatasetException(file, "file ends inside the header or is truncated", ex);
		}
		catch (IOException ex) {
			throw new CorruptDatasetException(file, "cannot be read (" + ex.getMessage() + ")", ex);
		}
	}

	/**
	 * Read an idx1 label file.
	 * @param file the file
	 * @return the labels, 0 to 255
	 * @throws CorruptDatasetException if the file is not a complete idx1 uint8 file
	 */
	static int[] readLabels(Path file) {
		try (DataInputStream in = open(file)) {
			checkMagic(file, in.readInt(), LABELS_MAGIC, "idx1 labels");
			int count = in.readInt();
			if (count < 0) {
				throw new CorruptDatasetException(file, "negative label count " + count + " in the header");
			}
			byte[] bytes = readBody(file, in, count, "header declares " + count + " labels");
			int[] labels = new int[count];
			for (int i = 0; i < count; i++) {
				labels[i] = bytes[i] & 0xff;
			}
			return labels;
		}
		catch (EOFException ex) {
			throw new CorruptDatasetException(file, "file ends inside the header or is truncated", ex);
		}
		catch (IOException ex) {
			throw new CorruptDatasetException(file, "cannot be read (" + ex.getMessage() + ")", ex);
		}
	}

	private static DataInputStream open(Path file) throws IOException {
		InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		try {
			raw.mark(2);
			int b0 = raw.read();
			int b1 = raw.read();
			raw.reset();
			InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16))
					: raw;
			return new DataInputStream(in);
		}
		catch (IOException ex) {
			raw.close();
			throw ex;
		}
	}

	private static void checkMagic(Path file, int magic, int expected, String what) {
		if (magic != expected) {
			throw new CorruptDatasetException(file,
					String.format("bad magic number 0x%08x, expected 0x%08x for %s", magic, expected, what));
		}
	}

	private static byte[] readBody(Path file, InputStream in, int length, String declared) throws IOException {
		// readNBytes grows its buffer as data arrives, so a lying header cannot make us
		// allocate more than the file actually holds.
		byte[] body = in.readNBytes(length);
		if (body.length < length) {
			throw new CorruptDatasetException(file,
					declared + " (" + length + " bytes) but only " + body.length + " bytes follow; truncated");
		}
		if (in.read() != -1) {
			throw new CorruptDatasetException(file, declared + " (" + length + " bytes) but more data follows");
		}
		return body;
	}

	/**
	 * The contents of an idx3 image file.
	 *
	 * @param count number of images
	 * @param rows image height
	 * @param cols image width
	 * @param pixels uint8 pixels, row-major, image after image
	 */
	record IdxImages(int count, int rows, int cols, byte[] pixels) {
	}

}
