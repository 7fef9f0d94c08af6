package dev.ganforge.data;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Resizing and channel conversion. Resizing is Java2D {@link Graphics2D#drawImage} with
 * {@link RenderingHints#VALUE_INTERPOLATION_BILINEAR}; a downscale by more than two steps
 * down by halves first, because a single bilinear pass only looks at the 2x2 nearest
 * source pixels and would alias. Grayscale is ITU-R BT.601 luma,
 * {@code 0.299 R + 0.587 G +
 * 0.114 B}, computed here rather than by Java2D so the formula is explicit.
 */
final class Resampling {

	private Resampling() {
	}

	/**
	 * Centre-crop an image to a square and resize it to {@code size x size} RGB.
	 * Transparent pixels are composited onto black.
	 */
	static BufferedImage cropAndResize(BufferedImage image, int size) {
		int side = Math.min(image.getWidth(), image.getHeight());
		int x = (image.getWidth() - side) / 2;
		int y = (image.getHeight() - side) / 2;
		BufferedImage current = image.getSubimage(x, y, side, side);
		while (side / 2 >= size) {
			side /= 2;
			current = draw(current, side);
		}
		return draw(current, size);
	}

	private static BufferedImage draw(BufferedImage source, int size) {
		BufferedImage target = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = target.createGraphics();
		try {
			g.setColor(Color.BLACK);
			g.fillRect(0, 0, size, size);
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.drawImage(source, 0, 0, size, size, null);
		}
		finally {
			g.dispose();
		}
		return target;
	}

	/**
	 * Write a {@code TYPE_INT_RGB} image as uint8 CHW pixels: one luma plane for 1
	 * channel, R, G and B planes for 3.
	 */
	static void writeChw(BufferedImage rgb, int channels, byte[] dest, int offset) {
		int[] argb = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
		int plane = argb.length;
		for (int i = 0; i < plane; i++) {
			int p = argb[i];
			int r = (p >> 16) & 0xff;
			int g = (p >> 8) & 0xff;
			int b = p & 0xff;
			if (channels == 1) {
				dest[offset + i] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
			}
			else {
				dest[offset + i] = (byte) r;
				dest[offset + plane + i] = (byte) g;
				dest[offset + 2 * plane + i] = (byte) b;
			}
		}
	}

	/**
	 * Resizes many grayscale images of one size, reusing its two images: not thread-safe,
	 * use one per thread.
	 */
	static final class GrayResizer {

		private final BufferedImage source;

		private final byte[] sourcePixels;

		private final BufferedImage target;

		private final byte[] targetPixels;

		private final Graphics2D graphics;

		private final int targetSize;

		GrayResizer(int width, int height, int targetSize) {
			this.source = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
			this.sourcePixels = ((DataBufferByte) this.source.getRaster().getDataBuffer()).getData();
			this.target = new BufferedImage(targetSize, targetSize, BufferedImage.TYPE_BYTE_GRAY);
			this.targetPixels = ((DataBufferByte) this.target.getRaster().getDataBuffer()).getData();
			this.targetSize = targetSize;
			this.graphics = this.target.createGraphics();
			this.graphics.setComposite(AlphaComposite.Src);
			this.graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
					RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		}

		/**
		 * Resize one image from {@code pixels[from..]} and write it to
		 * {@code dest[offset..]} as {@code channels} identical planes.
		 */
		void resize(byte[] pixels, int from, byte[] dest, int offset, int channels) {
			System.arraycopy(pixels, from, this.sourcePixels, 0, this.sourcePixels.length);
			int plane = this.targetSize * this.targetSize;
			if (this.source.getWidth() == this.targetSize && this.source.getHeight() == this.targetSize) {
				System.arraycopy(this.sourcePixels, 0, this.targetPixels, 0, plane);
			}
			else {
				this.graphics.drawImage(this.source, 0, 0, this.targetSize, this.targetSize, null);
			}
			for (int c = 0; c < channels; c++) {
				System.arraycopy(this.targetPixels, 0, dest, offset + c * plane, plane);
			}
		}

	}

}
