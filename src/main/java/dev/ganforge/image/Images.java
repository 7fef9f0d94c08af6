package dev.ganforge.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Conversions from generator output to {@link BufferedImage}s and PNG bytes (Java's
 * ImageIO codec).
 */
public final class Images {

	private Images() {
	}

	/**
	 * One image of a batch.
	 * @param pixels the batch, C*H*W values per image, in [-1, 1]
	 * @param index which image
	 * @param channels 1 (grayscale) or 3 (RGB)
	 * @param size side of the square images
	 * @param scale integer nearest-neighbour upscaling factor, 1 for none
	 * @return an 8-bit gray or RGB image
	 */
	public static BufferedImage toImage(float[] pixels, int index, int channels, int size, int scale) {
		int plane = size * size;
		int offset = index * channels * plane;
		int side = size * scale;
		// Written straight into the raster's array: per-pixel setRGB goes through the
		// colour model, and took twice as long for a 64x64 RGB image (80 against 40 us).
		if (channels == 1) {
			BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
			byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
			for (int y = 0; y < side; y++) {
				for (int x = 0; x < side; x++) {
					data[y * side + x] = (byte) toByte(pixels[offset + (y / scale) * size + (x / scale)]);
				}
			}
			return image;
		}
		BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
		int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
		for (int y = 0; y < side; y++) {
			for (int x = 0; x < side; x++) {
				int source = offset + (y / scale) * size + (x / scale);
				int r = toByte(pixels[source]);
				int g = toByte(pixels[source + plane]);
				int b = toByte(pixels[source + 2 * plane]);
				data[y * side + x] = (r << 16) | (g << 8) | b;
			}
		}
		return image;
	}

	/**
	 * Lays images out in a grid, row by row.
	 * @param pixels the batch, C*H*W values per image, in [-1, 1]
	 * @param count how many images
	 * @param channels 1 or 3
	 * @param size side of each image
	 * @param columns images per row
	 * @param padding pixels between images and around the grid
	 * @param scale integer nearest-neighbour upscaling of each image
	 * @return the grid on a black background
	 */
	public static BufferedImage grid(float[] pixels, int count, int channels, int size, int columns, int padding,
			int scale) {
		int cols = Math.min(columns, count);
		int rows = (count + cols - 1) / cols;
		int cell = size * scale;
		BufferedImage grid = new BufferedImage(cols * (cell + padding) + padding, rows * (cell + padding) + padding,
				(channels == 1) ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = grid.createGraphics();
		try {
			graphics.setColor(Color.BLACK);
			graphics.fillRect(0, 0, grid.getWidth(), grid.getHeight());
			for (int i = 0; i < count; i++) {
				int x = padding + (i % cols) * (cell + padding);
				int y = padding + (i / cols) * (cell + padding);
				graphics.drawImage(toImage(pixels, i, channels, size, scale), x, y, null);
			}
		}
		finally {
			graphics.dispose();
		}
		return grid;
	}

	/**
	 * Encodes an image as PNG.
	 * @param image the image
	 * @return the PNG bytes
	 */
	public static byte[] png(BufferedImage image) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
		// ImageIO.write to a stream buffers through a temporary file.
		// In memory a 64x64 PNG takes half the time (0.25 against 0.5-0.8 ms).
		try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
			writer.setOutput(stream);
			writer.write(image);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

	/**
	 * Maps a value in [-1, 1] to 0..255, rounding to nearest and clamping.
	 * @param value the generator output
	 * @return the 8-bit level
	 */
	static int toByte(float value) {
		int level = Math.round((value + 1f) * 127.5f);
		return Math.max(0, Math.min(255, level));
	}

}
