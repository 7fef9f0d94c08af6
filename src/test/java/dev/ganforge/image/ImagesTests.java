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

	@Test
	void eachPixelComesFromItsImageRowAndColumn() {
		// two 2x2 images; the second one's pixels are -1, -0.5, 0.5, 1 row by row
		float[] gray = { 0, 0, 0, 0, -1, -0.5f, 0.5f, 1 };
		BufferedImage image = Images.toImage(gray, 1, 1, 2, 2);
		int[][] expected = { { 0, 0, 64, 64 }, { 0, 0, 64, 64 }, { 191, 191, 255, 255 }, { 191, 191, 255, 255 } };
		for (int y = 0; y < 4; y++) {
			for (int x = 0; x < 4; x++) {
				assertThat(image.getRaster().getSample(x, y, 0)).as("(%d, %d)", x, y).isEqualTo(expected[y][x]);
			}
		}
		// a 2x2 RGB image, planes R, G, B: top-right (255, 128, 0), bottom-right blue
		float[] rgb = { -1, 1, -1, -1, -1, 0, -1, -1, -1, -1, -1, 1 };
		BufferedImage colour = Images.toImage(rgb, 0, 3, 2, 1);
		assertThat(colour.getRGB(1, 0) & 0xFFFFFF).isEqualTo((255 << 16) | (128 << 8));
		assertThat(colour.getRGB(1, 1) & 0xFFFFFF).isEqualTo(255);
		assertThat(colour.getRGB(0, 0) & 0xFFFFFF).isZero();
	}

}
