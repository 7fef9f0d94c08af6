package dev.ganforge.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class ImageDatasetTests {

	@Test
	void copyToScalesBytesToUnitRange() {
		byte[] pixels = new byte[2 * 2 * 2];
		pixels[4] = 0;
		pixels[5] = (byte) 255;
		pixels[6] = (byte) 128;
		pixels[7] = 64;
		ImageDataset dataset = ImageDataset.of("t", 1, 2, pixels, new int[] { 3, 4 });
		float[] dest = new float[6];
		dataset.copyTo(1, dest, 2);
		assertThat(dest[0]).isZero();
		assertThat(dest[1]).isZero();
		assertThat(dest[2]).isEqualTo(-1f);
		assertThat(dest[3]).isEqualTo(1f);
		assertThat(dest[4]).isCloseTo(128 / 127.5f - 1f, within(1e-7f));
		assertThat(dest[5]).isCloseTo(64 / 127.5f - 1f, within(1e-7f));
	}

	@Test
	void copyToWritesChannelsInChwOrder() {
		byte[] pixels = { 0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, 0, 0, 0, 0 };
		ImageDataset dataset = ImageDataset.of("rgb", 3, 2, pixels, null);
		float[] dest = new float[12];
		dataset.copyTo(0, dest, 0);
		assertThat(dest).containsExactly(-1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1);
		assertThat(dataset.size()).isEqualTo(1);
		assertThat(dataset.imageLength()).isEqualTo(12);
		assertThat(dataset.labels()).isNull();
	}

	@Test
	void copyToChecksBounds() {
		ImageDataset dataset = ImageDataset.of("t", 1, 2, new byte[8], null);
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> dataset.copyTo(2, new float[4], 0));
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> dataset.copyTo(0, new float[4], 1));
	}

	@Test
	void factoryValidatesShapes() {
		assertThatIllegalArgumentException().isThrownBy(() -> ImageDataset.of("t", 2, 2, new byte[8], null));
		assertThatIllegalArgumentException().isThrownBy(() -> ImageDataset.of("t", 1, 2, new byte[7], null));
		assertThatIllegalArgumentException().isThrownBy(() -> ImageDataset.of("t", 1, 2, new byte[8], new int[] { 1 }));
	}

	@Test
	void labelsAreACopy() {
		ImageDataset dataset = ImageDataset.of("t", 1, 1, new byte[2], new int[] { 5, 6 });
		dataset.labels()[0] = 99;
		assertThat(dataset.labels()).containsExactly(5, 6);
	}

}
