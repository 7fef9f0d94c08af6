package dev.ganforge.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdxReaderTests {

	@TempDir
	Path dir;

	private static byte[] ramp(int length) {
		byte[] pixels = new byte[length];
		for (int i = 0; i < length; i++) {
			pixels[i] = (byte) (i * 7);
		}
		return pixels;
	}

	@Test
	void readsRawImagesAndLabels() throws IOException {
		byte[] pixels = ramp(3 * 4 * 5);
		Path images = IdxFiles.write(this.dir.resolve("images-idx3-ubyte"), IdxFiles.images(3, 4, 5, pixels));
		Path labels = IdxFiles.write(this.dir.resolve("labels-idx1-ubyte"), IdxFiles.labels(9, 0, 255));
		IdxReader.IdxImages read = IdxReader.readImages(images);
		assertThat(read.count()).isEqualTo(3);
		assertThat(read.rows()).isEqualTo(4);
		assertThat(read.cols()).isEqualTo(5);
		assertThat(read.pixels()).isEqualTo(pixels);
		assertThat(IdxReader.readLabels(labels)).containsExactly(9, 0, 255);
	}

	@Test
	void readsGzipDetectedByMagicBytesNotName() throws IOException {
		byte[] pixels = ramp(2 * 3 * 3);
		Path gzNamed = IdxFiles.write(this.dir.resolve("a-idx3-ubyte.gz"),
				IdxFiles.gzip(IdxFiles.images(2, 3, 3, pixels)));
		Path plainNamed = IdxFiles.write(this.dir.resolve("b-idx3-ubyte"),
				IdxFiles.gzip(IdxFiles.images(2, 3, 3, pixels)));
		Path labels = IdxFiles.write(this.dir.resolve("c-idx1-ubyte"), IdxFiles.gzip(IdxFiles.labels(1, 2)));
		assertThat(IdxReader.readImages(gzNamed).pixels()).isEqualTo(pixels);
		assertThat(IdxReader.readImages(plainNamed).pixels()).isEqualTo(pixels);
		assertThat(IdxReader.readLabels(labels)).containsExactly(1, 2);
	}

	@Test
	void rawFileWithGzNameIsReadAsRaw() throws IOException {
		byte[] pixels = ramp(4);
		Path file = IdxFiles.write(this.dir.resolve("x-idx3-ubyte.gz"), IdxFiles.images(1, 2, 2, pixels));
		assertThat(IdxReader.readImages(file).pixels()).isEqualTo(pixels);
	}

	@Test
	void truncatedRawFileIsCorruptAndNamed() throws IOException {
		byte[] full = IdxFiles.images(3, 4, 4, ramp(48));
		Path file = IdxFiles.write(this.dir.resolve("short-idx3-ubyte"), Arrays.copyOf(full, full.length - 5));
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> IdxReader.readImages(file))
			.withMessageContaining(file.toString())
			.withMessageContaining("truncated")
			.satisfies((ex) -> assertThat(ex.file()).isEqualTo(file));
	}

	@Test
	void fileEndingInsideHeaderIsCorrupt() throws IOException {
		Path file = IdxFiles.write(this.dir.resolve("header-idx3-ubyte"), new byte[] { 0, 0, 8, 3, 0, 0 });
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> IdxReader.readImages(file))
			.withMessageContaining(file.toString());
	}

	@Test
	void truncatedGzipIsCorruptAndNamed() throws IOException {
		byte[] gz = IdxFiles.gzip(IdxFiles.images(10, 8, 8, ramp(640)));
		Path file = IdxFiles.write(this.dir.resolve("cut-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> IdxReader.readImages(file))
			.withMessageContaining(file.toString());
	}

	@Test
	void badMagicIsCorruptAndNamed() throws IOException {
		Path labelsAsImages = IdxFiles.write(this.dir.resolve("labels-idx1-ubyte"), IdxFiles.labels(1, 2, 3));
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> IdxReader.readImages(labelsAsImages))
			.withMessageContaining(labelsAsImages.toString())
			.withMessageContaining("magic");
		Path text = IdxFiles.write(this.dir.resolve("notes.txt"), "hello, not an idx file".getBytes());
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> IdxReader.readLabels(text))
			.withMessageContaining(text.toString())
			.withMessageContaining("magic");
	}

	@Test
	void trailingDataIsCorrupt() throws IOException {
		byte[] full = IdxFiles.images(1, 2, 2, ramp(4));
		Path file = IdxFiles.write(this.dir.resolve("long-idx3-ubyte"), Arrays.copyOf(full, full.length + 3));
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> IdxReader.readImages(file))
			.withMessageContaining(file.toString());
	}

	@Test
	void lyingHeaderDoesNotAllocateDeclaredSize() throws IOException {
		Path file = IdxFiles.write(this.dir.resolve("huge-idx3-ubyte"), IdxFiles.images(2_000_000, 28, 28, ramp(10)));
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> IdxReader.readImages(file))
			.withMessageContaining("truncated");
	}

}
