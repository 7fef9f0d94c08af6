package dev.ganforge.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for
 * Data-Efficient GAN Training"): the same kind of random transformation is applied to
 * every image D sees, real and fake, in both D's and G's updates, so D cannot tell real
 * from fake by what the augmentation does, and G's gradient flows through it.
 * <ul>
 * <li>{@code translation}: each image shifted by up to 1/8 of its size in each direction
 * (an integer number of pixels), the pixels shifted in zero (mid-grey in [-1, 1]).</li>
 * <li>{@code cutout}: a square of half the image's side, at a random place, set to
 * zero.</li>
 * </ul>
 * Both are linear in the image, so they are written as products with constant arrays: a
 * shift is {@code Ty x Tx^T} with 0/1 shift matrices, cutout a 0/1 mask. The randomness
 * is drawn in Java from (seed, step, call), like the training noise, so a run repeats
 * exactly.
 */
final class DiffAugment {

	static final String TRANSLATION = "translation";

	static final String CUTOUT = "cutout";

	/** The operations in the order they are applied, as in the paper's code. */
	private static final List<String> OPERATIONS = List.of(TRANSLATION, CUTOUT);

	static final double TRANSLATION_RATIO = 0.125;

	static final double CUTOUT_RATIO = 0.5;

	private DiffAugment() {
	}

	/**
	 * The policy in its one spelling: known operations, lower case, comma-separated, in
	 * application order, each once.
	 * @param policy e.g. {@code "cutout, translation"}; null or blank is off
	 * @return e.g. {@code "translation,cutout"}, or {@code ""} for off
	 * @throws IllegalArgumentException for an unknown operation
	 */
	static String canonical(String policy) {
		if (policy == null || policy.isBlank()) {
			return "";
		}
		Set<String> asked = new LinkedHashSet<>();
		for (String part : policy.split(",", -1)) {
			String op = part.trim().toLowerCase(Locale.ROOT);
			if (!OPERATIONS.contains(op)) {
				throw new IllegalArgumentException(
						"diffAugment: unknown operation '" + part.trim() + "'; use any of " + OPERATIONS);
			}
			asked.add(op);
		}
		List<String> ordered = new ArrayList<>(OPERATIONS);
		ordered.retainAll(asked);
		return String.join(",", ordered);
	}

	/**
	 * Augments a batch.
	 * @param images shape (N, C, H, W); the result lives in its manager
	 * @param policy a {@link #canonical} policy, not empty
	 * @param seed the run's seed
	 * @param step the step being made
	 * @param call which of the step's D inputs this is, so each draws its own
	 * @return the augmented batch, differentiable with respect to {@code images}
	 */
	static NDArray apply(NDArray images, String policy, long seed, long step, int call) {
		SplittableRandom random = new SplittableRandom(
				seed ^ (step * 0x9E3779B97F4A7C15L) ^ ((call + 1) * 0xC2B2AE3D27D4EB4FL) ^ 0xD1FFA06L);
		NDArray out = images;
		for (String op : policy.split(",")) {
			out = switch (op) {
				case TRANSLATION -> translate(out, random);
				case CUTOUT -> cutout(out, random);
				default -> throw new IllegalArgumentException("Unknown augmentation " + op);
			};
		}
		return out;
	}

	private static NDArray translate(NDArray x, SplittableRandom random) {
		int n = dim(x, 0);
		int h = dim(x, 2);
		int w = dim(x, 3);
		int maxY = (int) (h * TRANSLATION_RATIO + 0.5);
		int maxX = (int) (w * TRANSLATION_RATIO + 0.5);
		// rows[i] = Ty: out row y takes input row y - dy; cols[i] = Tx^T: out column x
		// takes input column x - dx. Rows and columns that fall outside are all zero.
		float[] rows = new float[n * h * h];
		float[] cols = new float[n * w * w];
		for (int i = 0; i < n; i++) {
			int dy = random.nextInt(-maxY, maxY + 1);
			int dx = random.nextInt(-maxX, maxX + 1);
			for (int y = 0; y < h; y++) {
				int from = y - dy;
				if (from >= 0 && from < h) {
					rows[(i * h + y) * h + from] = 1f;
				}
			}
			for (int col = 0; col < w; col++) {
				int from = col - dx;
				if (from >= 0 && from < w) {
					cols[(i * w + from) * w + col] = 1f;
				}
			}
		}
		NDManager manager = x.getManager();
		NDArray ty = manager.create(rows, new Shape(n, 1, h, h));
		NDArray txT = manager.create(cols, new Shape(n, 1, w, w));
		return ty.matMul(x).matMul(txT);
	}

	private static NDArray cutout(NDArray x, SplittableRandom random) {
		int n = dim(x, 0);
		int h = dim(x, 2);
		int w = dim(x, 3);
		int sizeY = (int) (h * CUTOUT_RATIO + 0.5);
		int sizeX = (int) (w * CUTOUT_RATIO + 0.5);
		float[] mask = new float[n * h * w];
		Arrays.fill(mask, 1f);
		for (int i = 0; i < n; i++) {
			// The square's centre, as in the paper's code: it may lie near an edge, so
			// the square can be partly outside the image.
			int cy = random.nextInt(h + (1 - sizeY % 2));
			int cx = random.nextInt(w + (1 - sizeX % 2));
			for (int y = Math.max(0, cy - sizeY / 2); y < Math.min(h, cy - sizeY / 2 + sizeY); y++) {
				for (int col = Math.max(0, cx - sizeX / 2); col < Math.min(w, cx - sizeX / 2 + sizeX); col++) {
					mask[(i * h + y) * w + col] = 0f;
				}
			}
		}
		return x.mul(x.getManager().create(mask, new Shape(n, 1, h, w)));
	}

	private static int dim(NDArray x, int axis) {
		return (int) x.getShape().get(axis);
	}

}
