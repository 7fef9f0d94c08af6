package dev.ganforge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ganforge.data.DatasetSpec.Split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatasetsTests {

	private static final Path SYSTEM_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

	@TempDir
	Path dir;

	private static float[] all(ImageDataset dataset) {
		float[] values = new float[dataset.size() * dataset.imageLength()];
		for (int i = 0; i < dataset.size(); i++) {
			dataset.copyTo(i, values, i * dataset.imageLength());
		}
		return values;
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 8, 24, 48, 256, -16 })
	void rejectsUnsupportedImageSizes(int size) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Datasets.load(DatasetSpec.synthetic(4), size, 1, DataRoots.of(), 0))
			.withMessageContaining("power of two");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 2, 4 })
	void rejectsUnsupportedChannels(int channels) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Datasets.load(DatasetSpec.synthetic(4), 16, channels, DataRoots.of(), 0))
			.withMessageContaining("1 (grayscale) or 3 (RGB)");
	}

	@Test
	void syntheticIsDeterministicForASeedAndInRange() {
		ImageDataset a = Datasets.load(DatasetSpec.synthetic(64), 32, 3, DataRoots.of(), 42);
		ImageDataset b = Datasets.load(DatasetSpec.synthetic(64), 32, 3, DataRoots.of(), 42);
		ImageDataset other = Datasets.load(DatasetSpec.synthetic(64), 32, 3, DataRoots.of(), 43);
		assertThat(a.name()).isEqualTo("synthetic:64");
		assertThat(a.size()).isEqualTo(64);
		assertThat(all(a)).isEqualTo(all(b));
		assertThat(a.labels()).isEqualTo(b.labels());
		assertThat(all(a)).isNotEqualTo(all(other));
		float[] values = all(a);
		assertThat(Pixels.min(values)).isGreaterThanOrEqualTo(-1f);
		assertThat(Pixels.max(values)).isLessThanOrEqualTo(1f);
		// Dark background and bright shapes: both ends of the range occur.
		assertThat(Pixels.min(values)).isLessThan(-0.75f);
		assertThat(Pixels.max(values)).isGreaterThan(0f);
		assertThat(a.labels()).containsAnyOf(0).containsAnyOf(1).containsAnyOf(2);
		assertThat(Arrays.stream(a.labels()).allMatch((label) -> label >= 0 && label <= 2)).isTrue();
	}

	@Test
	void syntheticImageDependsOnlyOnSeedAndIndex() {
		ImageDataset small = Datasets.load(DatasetSpec.synthetic(5), 16, 1, DataRoots.of(), 7);
		ImageDataset large = Datasets.load(DatasetSpec.synthetic(50), 16, 1, DataRoots.of(), 7);
		float[] first = new float[small.imageLength()];
		float[] second = new float[small.imageLength()];
		for (int i = 0; i < small.size(); i++) {
			small.copyTo(i, first, 0);
			large.copyTo(i, second, 0);
			assertThat(first).isEqualTo(second);
		}
	}

	@Test
	void loadsIdxDatasetResizedWithLabels() throws IOException {
		int count = 3;
		byte[] pixels = new byte[count * 28 * 28];
		Arrays.fill(pixels, 0, 784, (byte) 200);
		// Image 1: left half white, right half black.
		for (int y = 0; y < 28; y++) {
			Arrays.fill(pixels, 784 + y * 28, 784 + y * 28 + 14, (byte) 255);
		}
		Path mnist = this.dir.resolve("mnist");
		IdxFiles.write(mnist.resolve("t10k-images-idx3-ubyte.gz"),
				IdxFiles.gzip(IdxFiles.images(count, 28, 28, pixels)));
		IdxFiles.write(mnist.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(7, 2, 1));
		ImageDataset dataset = Datasets.load(DatasetSpec.parse("mnist:test"), 64, 3, DataRoots.of(this.dir), 0);
		assertThat(dataset.name()).isEqualTo("mnist:test");
		assertThat(dataset.size()).isEqualTo(3);
		assertThat(dataset.channels()).isEqualTo(3);
		assertThat(dataset.imageSize()).isEqualTo(64);
		assertThat(dataset.labels()).containsExactly(7, 2, 1);
		float[] values = new float[dataset.imageLength()];
		dataset.copyTo(0, values, 0);
		assertThat(values).containsOnly(200 / 127.5f - 1);
		dataset.copyTo(1, values, 0);
		int plane = 64 * 64;
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < 64; y++) {
				assertThat(values[c * plane + y * 64]).isEqualTo(1f);
				assertThat(values[c * plane + y * 64 + 63]).isEqualTo(-1f);
				assertThat(values[c * plane + y * 64 + 31]).isBetween(-1f, 1f);
			}
		}
		dataset.copyTo(2, values, 0);
		assertThat(values).containsOnly(-1f);
	}

	@Test
	void missingIdxFilesNameWhatWasLookedFor() throws IOException {
		IdxFiles.write(this.dir.resolve("fashion-mnist/train-images-idx3-ubyte"),
				IdxFiles.images(0, 28, 28, new byte[0]));
		assertThatExceptionOfType(DatasetNotFoundException.class)
			.isThrownBy(() -> Datasets.load(DatasetSpec.fashionMnist(Split.TRAIN), 32, 1, DataRoots.of(this.dir), 0))
			.withMessageContaining("fashion-mnist/train-labels-idx1-ubyte.gz")
			.withMessageContaining("in any of the 1 data roots")
			.withMessageNotContaining(this.dir.toRealPath().toString());
		assertThatExceptionOfType(DatasetNotFoundException.class)
			.isThrownBy(() -> Datasets.load(DatasetSpec.mnist(Split.TRAIN), 32, 1, DataRoots.of(), 0))
			.withMessageContaining("mnist/train-images-idx3-ubyte")
			.withMessageContaining("no data root exists");
	}

	@Test
	void labelCountMismatchIsCorrupt() throws IOException {
		Path labels = IdxFiles.write(this.dir.resolve("mnist/train-labels-idx1-ubyte"), IdxFiles.labels(1));
		IdxFiles.write(this.dir.resolve("mnist/train-images-idx3-ubyte"), IdxFiles.images(2, 2, 2, new byte[8]));
		assertThatExceptionOfType(CorruptDatasetException.class)
			.isThrownBy(() -> Datasets.load(DatasetSpec.mnist(Split.TRAIN), 16, 1, DataRoots.of(this.dir), 0))
			.withMessageContaining(labels.toRealPath().toString());
	}

	@Test
	void loadsRealFashionMnistTestSplit() {
		assumeTrue(Files.exists(SYSTEM_FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz")),
				"Fashion-MNIST not installed in " + SYSTEM_FASHION_MNIST);
		ImageDataset dataset = Datasets.load(DatasetSpec.parse("fashion-mnist:test"), 32, 1,
				DataRoots.of(Path.of("/usr/share/datasets")), 0);
		assertThat(dataset.size()).isEqualTo(10_000);
		assertThat(dataset.imageSize()).isEqualTo(32);
		assertThat(Arrays.stream(dataset.labels()).distinct().sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6,
				7, 8, 9);
		float[] values = all(dataset);
		assertThat(Pixels.min(values)).isGreaterThanOrEqualTo(-1f);
		assertThat(Pixels.max(values)).isLessThanOrEqualTo(1f);
		double mean = 0;
		for (float v : values) {
			mean += v;
		}
		mean /= values.length;
		// Fashion-MNIST pixels average about 73/255: mostly dark background.
		assertThat(mean).isBetween(-0.6, -0.3);
	}

}
