package dev.ganforge.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GifTests {

	@Test
	void decodesBackToTheFramesWithDelayAndEndlessLoop() throws IOException {
		List<BufferedImage> frames = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			frames.add(gray(6, 4, i * 50));
		}
		Decoded gif = decode(Gif.encode(frames, 120, 0));
		assertThat(gif.frames()).hasSize(5);
		assertThat(gif.delaysCs()).containsOnly(12);
		assertThat(gif.loopCount()).isZero();
		for (int i = 0; i < 5; i++) {
			BufferedImage frame = gif.frames().get(i);
			assertThat(frame.getWidth()).isEqualTo(6);
			assertThat(frame.getHeight()).isEqualTo(4);
			assertThat(frame.getRGB(3, 2) & 0xFF).isEqualTo(i * 50);
		}
	}

	@Test
	void loopsCountPlaysNotRepeats() throws IOException {
		List<BufferedImage> frames = List.of(gray(2, 2, 0), gray(2, 2, 255));
		assertThat(decode(Gif.encode(frames, 50, 3)).loopCount()).isEqualTo(2);
		assertThat(decode(Gif.encode(frames, 50, 1)).loopCount()).isNull();
	}

	@Test
	void rgbFramesEncode() throws IOException {
		BufferedImage rgb = new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB);
		rgb.setRGB(1, 1, 0xFF0000);
		Decoded gif = decode(Gif.encode(List.of(rgb, rgb), 40, 0));
		assertThat(gif.frames()).hasSize(2);
		assertThat(gif.frames().get(0).getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF0000);
	}

	@Test
	void manyColoursShareAMedianCutPaletteCloseToTheOriginal() throws IOException {
		BufferedImage rgb = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 32; y++) {
			for (int x = 0; x < 32; x++) {
				rgb.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | ((x + y) * 4));
			}
		}
		BufferedImage decoded = decode(Gif.encode(List.of(rgb), 100, 0)).frames().get(0);
		for (int y = 0; y < 32; y++) {
			for (int x = 0; x < 32; x++) {
				int a = rgb.getRGB(x, y);
				int b = decoded.getRGB(x, y);
				for (int shift = 0; shift <= 16; shift += 8) {
					assertThat(Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF))).isLessThanOrEqualTo(24);
				}
			}
		}
	}

	@Test
	void refusesBadArguments() {
		BufferedImage frame = gray(1, 1, 0);
		assertThatIllegalArgumentException().isThrownBy(() -> Gif.encode(List.of(), 100, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> Gif.encode(List.of(frame), 5, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> Gif.encode(List.of(frame), 100, -1));
	}

	static BufferedImage gray(int width, int height, int level) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.getRaster().setSample(x, y, 0, level);
			}
		}
		return image;
	}

	static Decoded decode(byte[] gif) throws IOException {
		ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
			reader.setInput(in);
			int count = reader.getNumImages(true);
			List<BufferedImage> frames = new ArrayList<>();
			List<Integer> delays = new ArrayList<>();
			Integer loop = null;
			for (int i = 0; i < count; i++) {
				frames.add(reader.read(i));
				IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
					.getAsTree("javax_imageio_gif_image_1.0");
				IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension")
					.item(0);
				delays.add(Integer.parseInt(control.getAttribute("delayTime")));
				var apps = root.getElementsByTagName("ApplicationExtension");
				for (int a = 0; a < apps.getLength(); a++) {
					IIOMetadataNode app = (IIOMetadataNode) apps.item(a);
					if ("NETSCAPE".equals(app.getAttribute("applicationID"))) {
						byte[] data = (byte[]) app.getUserObject();
						loop = (data[1] & 0xFF) | ((data[2] & 0xFF) << 8);
					}
				}
			}
			return new Decoded(frames, delays, loop);
		}
		finally {
			reader.dispose();
		}
	}

	record Decoded(List<BufferedImage> frames, List<Integer> delaysCs, Integer loopCount) {
	}

}
