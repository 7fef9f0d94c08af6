package dev.ganforge.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagesTests {

	@Test
	void levelsMapMinusOneToZeroAndOneTo255() {
		assertThat(Images.toByte(-1f)).isZero();
		assertThat(Images.toByte(1f)).isEqualTo(255);
		assertThat(Images.toByte(0f)).isEqualTo(128);
		assertThat(Images.toByte(-7f)).isZero();
		assertThat(Images.toByte(Float.NaN)).isZero();
	}

	@Test
	void gridLaysOutImagesRowByRowWithPadding() throws IOException {
		// three 2x2 grayscale images: all -1, all 0, all 1
		float[] pixels = { -1, -1, -1, -1, 0, 0, 0, 0, 1, 1, 1, 1 };
		BufferedImage grid = Images.grid(pixels, 3, 1, 2, 2, 1, 1);
		assertThat(grid.getWidth()).isEqualTo(2 * (2 + 1) + 1);
		assertThat(grid.getHeight()).isEqualTo(2 * (2 + 1) + 1);
		assertThat(grid.getRaster().getSample(4, 1, 0)).isEqualTo(128);
		assertThat(grid.getRaster().getSample(1, 4, 0)).isEqualTo(255);
		BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Images.png(grid)));
		assertThat(decoded.getWidth()).isEqualTo(7);
	}

	@Test
	void rgbPlanesAndNearestNeighbourScaling() {
		// one 1x1 RGB image: red plane 1, green -1, blue 0
		BufferedImage image = Images.toImage(new float[] { 1, -1, 0 }, 0, 3, 1, 3);
		assertThat(image.getWidth()).isEqualTo(3);
		assertThat(image.getRGB(2, 2) & 0xFFFFFF).isEqualTo((255 << 16) | 128);
	}

}
