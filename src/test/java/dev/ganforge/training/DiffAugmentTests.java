package dev.ganforge.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * DiffAugment's translation and cutout: what they do to pixels, that gradients flow
 * through them, that they repeat by seed, and that a training step uses them.
 */
class DiffAugmentTests {

	private static final int N = 8;

	private static final int SIZE = 16;

	@Test
	void policiesHaveOneSpelling() {
		assertThat(DiffAugment.canonical(null)).isEmpty();
		assertThat(DiffAugment.canonical(" ")).isEmpty();
		assertThat(DiffAugment.canonical("Cutout, translation,cutout")).isEqualTo("translation,cutout");
		assertThat(DiffAugment.canonical("translation")).isEqualTo("translation");
		assertThatIllegalArgumentException().isThrownBy(() -> DiffAugment.canonical("translation,colour"))
			.withMessageContaining("'colour'")
			.withMessageContaining("cutout");
		assertThatIllegalArgumentException().isThrownBy(() -> DiffAugment.canonical("translation,"))
			.withMessageContaining("unknown operation ''");
		assertThat(new TrainingConfig.Stabilisers(0f, 0f, 1, false, 0f, "cutout,translation").diffAugment())
			.isEqualTo("translation,cutout");
	}

	@Test
	void translationShiftsEachImageByAtMostAnEighthAndShiftsInZeros() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			float[] pixels = ramp();
			float[] out = DiffAugment.apply(manager.create(pixels, new Shape(N, 1, SIZE, SIZE)), "translation", 7, 3, 0)
				.toFloatArray();
			int max = (int) (SIZE * DiffAugment.TRANSLATION_RATIO + 0.5);
			List<int[]> shifts = new ArrayList<>();
			for (int i = 0; i < N; i++) {
				int[] shift = findShift(pixels, out, i, max);
				assertThat(shift).as("image %d is its input shifted, zeros shifted in", i).isNotNull();
				shifts.add(shift);
			}
			// Random per image, not one shift for the batch.
			assertThat(shifts.stream().map((s) -> s[0] * 100 + s[1]).distinct().count()).isGreaterThan(1);
		}
	}

	@Test
	void cutoutZeroesOneSquareOfHalfTheSideAndKeepsTheRest() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			float[] ones = new float[N * SIZE * SIZE];
			java.util.Arrays.fill(ones, 1f);
			float[] out = DiffAugment.apply(manager.create(ones, new Shape(N, 1, SIZE, SIZE)), "cutout", 7, 3, 0)
				.toFloatArray();
			int side = SIZE / 2;
			for (int i = 0; i < N; i++) {
				int zeros = 0;
				int minY = SIZE;
				int maxY = -1;
				int minX = SIZE;
				int maxX = -1;
				for (int y = 0; y < SIZE; y++) {
					for (int x = 0; x < SIZE; x++) {
						float v = out[(i * SIZE + y) * SIZE + x];
						assertThat(v).isIn(0f, 1f);
						if (v == 0f) {
							zeros++;
							minY = Math.min(minY, y);
							maxY = Math.max(maxY, y);
							minX = Math.min(minX, x);
							maxX = Math.max(maxX, x);
						}
					}
				}
				// One rectangle (the square, clipped at the border), at most side x side.
				assertThat(zeros).isPositive().isEqualTo((maxY - minY + 1) * (maxX - minX + 1));
				assertThat(maxY - minY + 1).isLessThanOrEqualTo(side);
				assertThat(maxX - minX + 1).isLessThanOrEqualTo(side);
			}
		}
	}

	@Test
	void gradientsFlowThroughBothAndTheDrawRepeatsBySeedStepAndCall() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			NDArray x = manager.create(ramp(), new Shape(N, 1, SIZE, SIZE));
			x.setRequiresGradient(true);
			try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
				NDArray y = DiffAugment.apply(x, "translation,cutout", 1, 1, 0);
				collector.backward(y.sum());
			}
			float[] grad = x.getGradient().toFloatArray();
			// d(sum)/dx is 1 where a pixel survives into the output and 0 where it was
			// shifted out or cut: both values occur.
			assertThat(grad).contains(0f, 1f);
			float[] a = augmentedRamp(manager, 1, 0);
			float[] same = augmentedRamp(manager, 1, 0);
			float[] otherCall = augmentedRamp(manager, 1, 1);
			float[] otherStep = augmentedRamp(manager, 2, 0);
			assertThat(same).isEqualTo(a);
			assertThat(otherCall).isNotEqualTo(a);
			assertThat(otherStep).isNotEqualTo(a);
		}
	}

	@Test
	void aTrainingStepWithAugmentationDiffersFromOneWithoutAndRepeats() {
		TrainingConfig plain = TrainingFixtures.tiny(Architecture.DCGAN, 2);
		TrainingConfig augmented = plain
			.withStabilisers(new TrainingConfig.Stabilisers(0f, 0f, 1, false, 0f, "translation,cutout"));
		ImageDataset data = TrainingFixtures.data(plain);
		List<StepStats> without = TrainingFixtures.run(plain, data);
		List<StepStats> with = TrainingFixtures.run(augmented, data);
		List<StepStats> again = TrainingFixtures.run(augmented, data);
		assertThat(with).hasSize(2).allSatisfy((s) -> assertThat(s.isFinite()).isTrue());
		assertThat(with.get(0).dReal()).isNotEqualTo(without.get(0).dReal());
		assertThat(again).extracting(StepStats::lossD).isEqualTo(with.stream().map(StepStats::lossD).toList());
	}

	private static float[] augmentedRamp(NDManager manager, long step, int call) {
		return DiffAugment
			.apply(manager.create(ramp(), new Shape(N, 1, SIZE, SIZE)), "translation,cutout", 1, step, call)
			.toFloatArray();
	}

	/** Distinct positive values, so that a shift can be recognised. */
	private static float[] ramp() {
		float[] pixels = new float[N * SIZE * SIZE];
		for (int i = 0; i < pixels.length; i++) {
			pixels[i] = 1 + i % (SIZE * SIZE) + 0.001f * (i / (SIZE * SIZE));
		}
		return pixels;
	}

	/** The (dy, dx) with out(y, x) = in(y - dy, x - dx), 0 outside, or null if none. */
	private static int[] findShift(float[] in, float[] out, int image, int max) {
		int base = image * SIZE * SIZE;
		for (int dy = -max; dy <= max; dy++) {
			for (int dx = -max; dx <= max; dx++) {
				boolean match = true;
				for (int y = 0; y < SIZE && match; y++) {
					for (int x = 0; x < SIZE && match; x++) {
						int fy = y - dy;
						int fx = x - dx;
						float expected = (fy >= 0 && fy < SIZE && fx >= 0 && fx < SIZE) ? in[base + fy * SIZE + fx]
								: 0f;
						match = Math.abs(out[base + y * SIZE + x] - expected) < 1e-4f;
					}
				}
				if (match) {
					return new int[] { dy, dx };
				}
			}
		}
		return null;
	}

}
