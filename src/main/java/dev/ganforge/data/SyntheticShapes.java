package dev.ganforge.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Filled circles, squares and triangles of random size, position and brightness on a dark
 * background, drawn with Java2D at the target size. Image {@code i} depends only on the
 * seed and {@code i}, so a larger count extends a smaller one. The label is the shape: 0
 * circle, 1 square, 2 triangle.
 */
final class SyntheticShapes {

	static final int CIRCLE = 0;

	static final int SQUARE = 1;

	static final int TRIANGLE = 2;

	private SyntheticShapes() {
	}

	static ImageDataset generate(DatasetSpec spec, int imageSize, int channels, long seed) {
		int count = spec.count();
		int length = channels * imageSize * imageSize;
		byte[] pixels = new byte[Math.multiplyExact(count, length)];
		int[] labels = new int[count];
		IntStream.range(0, count).parallel().forEach((i) -> {
			SplittableRandom random = new SplittableRandom(mix(seed, i));
			BufferedImage image = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
			labels[i] = draw(image, random, channels);
			Resampling.writeChw(image, channels, pixels, i * length);
		});
		return ImageDataset.of(spec.toString(), channels, imageSize, pixels, labels, spec.kind().classNames());
	}

	private static int draw(BufferedImage image, SplittableRandom random, int channels) {
		int size = image.getWidth();
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			int background = random.nextInt(0, 32);
			g.setColor(new Color(background, background, background));
			g.fillRect(0, 0, size, size);
			g.setColor(colour(random, channels));
			int extent = Math.max(3, (int) Math.round(size * (0.25 + 0.45 * random.nextDouble())));
			int x = random.nextInt(0, size - extent + 1);
			int y = random.nextInt(0, size - extent + 1);
			int shape = random.nextInt(3);
			switch (shape) {
				case CIRCLE -> g.fillOval(x, y, extent, extent);
				case SQUARE -> g.fillRect(x, y, extent, extent);
				default -> g.fillPolygon(new Polygon(new int[] { x, x + extent / 2, x + extent },
						new int[] { y + extent, y, y + extent }, 3));
			}
			return shape;
		}
		finally {
			g.dispose();
		}
	}

	private static Color colour(SplittableRandom random, int channels) {
		if (channels == 1) {
			int v = random.nextInt(128, 256);
			return new Color(v, v, v);
		}
		return new Color(random.nextInt(64, 256), random.nextInt(64, 256), random.nextInt(64, 256));
	}

	private static long mix(long seed, int index) {
		// SplitMix64 finaliser, so neighbouring indices get unrelated streams.
		long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
