package dev.ganforge.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.GradMode;
import dev.ganforge.nn.Latents;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.nn.Networks;
import dev.ganforge.nn.SingularValues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Each stabiliser does what it says, measured on the networks rather than on the config.
 */
class StabilisersTests {

	private static final TrainingConfig.Stabilisers NONE = TrainingConfig.Stabilisers.NONE;

	@BeforeAll
	static void noAutograd() {
		GradMode.disableOnThisThread();
	}

	@Test
	void stabilisersDefaultToOffAndRefuseValuesOutOfRange() {
		TrainingConfig plain = TrainingFixtures.tiny(Architecture.GAN, 1);
		assertThat(plain.stabilisers()).isEqualTo(NONE);
		assertThat(plain.withStabilisers(null).stabilisers()).isEqualTo(NONE);
		assertThat(NONE.realLabel()).isEqualTo(1f);
		assertThat(NONE.ema()).isFalse();
		assertThat(new TrainingConfig.Stabilisers(0.1f, 0f, 1, false).realLabel()).isEqualTo(0.9f);
		assertThatIllegalArgumentException().isThrownBy(() -> new TrainingConfig.Stabilisers(0.5f, 0f, 1, false))
			.withMessageContaining("labelSmoothing");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrainingConfig.Stabilisers(-0.1f, 0f, 1, false))
			.withMessageContaining("labelSmoothing");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrainingConfig.Stabilisers(0f, 1f, 1, false))
			.withMessageContaining("emaDecay");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrainingConfig.Stabilisers(0f, Float.NaN, 1, false))
			.withMessageContaining("emaDecay");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrainingConfig.Stabilisers(0f, 0f, 0, false))
			.withMessageContaining("dSteps");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrainingConfig.Stabilisers(0f, 0f, 11, false))
			.withMessageContaining("dSteps");
		assertThat(new TrainingConfig.Stabilisers(0f, 0f, 1, true).spectralNorm()).isTrue();
		TrainingConfig hinge = new TrainingConfig(plain.network(), plain.dataset(), 0, 1, 16, 2e-4f, 2e-4f, 0.5f,
				0.999f, 7L, GanLoss.HINGE, 0, 0);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> hinge.withStabilisers(new TrainingConfig.Stabilisers(0.1f, 0f, 1, false)))
			.withMessageContaining("not to hinge");
	}

	@Test
	void labelSmoothingLowersOnlyTheRealTarget() {
		// BCE(x, 0.9) - BCE(x, 1) = 0.1 * mean(softplus(x) - softplus(-x)) = 0.1 *
		// mean(x):
		// the step's D loss must move by exactly that, measured on D's logits for the
		// real batch. The MLP has no BatchNorm, so D's logits do not depend on the mode.
		TrainingConfig plain = TrainingFixtures.tiny(Architecture.GAN, 1);
		TrainingConfig smoothed = plain.withStabilisers(new TrainingConfig.Stabilisers(0.1f, 0f, 1, false));
		ImageDataset data = TrainingFixtures.data(plain);
		float[] pixels = GanTrainerTests.firstBatch(data, plain);
		float meanRealLogit;
		float plainLossD;
		try (GanTrainer trainer = new GanTrainer(plain); NDManager batch = trainer.manager().newSubManager()) {
			NDArray real = batch.create(pixels, plain.network().imageShape(16));
			meanRealLogit = trainer.discriminator()
				.forward(new ParameterStore(batch, false), new NDList(real), false)
				.singletonOrThrow()
				.mean()
				.getFloat();
			plainLossD = trainer.step(real, 0).lossD();
		}
		float smoothedLossD;
		try (GanTrainer trainer = new GanTrainer(smoothed); NDManager batch = trainer.manager().newSubManager()) {
			smoothedLossD = trainer.step(batch.create(pixels, plain.network().imageShape(16)), 0).lossD();
		}
		assertThat(meanRealLogit).isNotCloseTo(0f, within(1e-4f));
		assertThat(smoothedLossD - plainLossD).isCloseTo(0.1f * meanRealLogit, within(1e-5f));
	}

	@Test
	void tturGivesEachNetworkItsOwnLearningRate() {
		// Adam's first update moves a weight by lr * g / (|g| + eps), so by lr for any
		// gradient well above eps: the largest change in each network is its own rate.
		TrainingConfig base = TrainingFixtures.tiny(Architecture.DCGAN, 1);
		TrainingConfig ttur = new TrainingConfig(base.network(), base.dataset(), 0, 1, 16, 4e-4f, 1e-4f, 0.5f, 0.999f,
				7L, GanLoss.NON_SATURATING, 0, 0);
		ImageDataset data = TrainingFixtures.data(ttur);
		try (GanTrainer trainer = new GanTrainer(ttur); NDManager batch = trainer.manager().newSubManager()) {
			List<float[]> g = trainable(trainer.generator());
			List<float[]> d = trainable(trainer.discriminator());
			trainer.step(batch.create(GanTrainerTests.firstBatch(data, ttur), ttur.network().imageShape(16)), 0);
			assertThat(largestChange(g, trainable(trainer.generator()))).isCloseTo(1e-4f, within(1e-6f));
			assertThat(largestChange(d, trainable(trainer.discriminator()))).isCloseTo(4e-4f, within(4e-6f));
		}
	}

	@ParameterizedTest
	@EnumSource(GanLoss.class)
	void everyLossTrainsWithItsOwnObjective(GanLoss loss) {
		TrainingConfig base = TrainingFixtures.tiny(Architecture.GAN, 3);
		TrainingConfig config = new TrainingConfig(base.network(), base.dataset(), 0, 3, 16, 2e-4f, 2e-4f, 0.5f, 0.999f,
				7L, loss, 0, 0);
		ImageDataset data = TrainingFixtures.data(config);
		List<StepStats> stats = TrainingLoopTests.train(config, data);
		assertThat(stats).hasSize(3).allSatisfy((s) -> assertThat(s.isFinite()).isTrue());
		assertThat(TrainingLoopTests.train(config, data)).extracting(StepStats::lossG)
			.containsExactlyElementsOf(stats.stream().map(StepStats::lossG).toList());
		// At initialisation D's logits x are near 0, where each objective has a known
		// value: the trainer must be computing the one it was asked for.
		StepStats first = stats.get(0);
		float ln2 = (float) Math.log(2);
		switch (loss) {
			// -mean(log sigmoid(x)) = ln 2 - mean(x) / 2 + ...
			case NON_SATURATING -> assertThat(first.lossG()).isCloseTo(ln2, within(0.05f));
			// mean(log(1 - sigmoid(x))) = -ln 2 - mean(x) / 2 + ...
			case MINIMAX -> assertThat(first.lossG()).isCloseTo(-ln2, within(0.05f));
			// -mean(x), and mean(sigmoid(x)) = 1/2 + mean(x) / 4 + O(x^3)
			case HINGE -> assertThat(first.lossG()).isCloseTo(-4 * (first.dFakeAfter() - 0.5f), within(1e-3f));
		}
		// D: two cross-entropies of about ln 2, or two hinges of about 1
		assertThat(first.lossD()).isCloseTo((loss == GanLoss.HINGE) ? 2f : 2 * ln2, within(0.05f));
	}

	@Test
	void dStepsUpdateDThatManyTimesPerGUpdateOnSeparateBatches() {
		TrainingConfig config = TrainingFixtures.tiny(Architecture.GAN, 2,
				new TrainingConfig.Stabilisers(0f, 0f, 3, false));
		ImageDataset data = TrainingFixtures.data(config);
		assertThat(config.imagesPerStep()).isEqualTo(48);
		// 256 images: 5 steps of 48, the last 16 left over
		assertThat(config.stepsPerEpoch(data.size())).isEqualTo(5);
		List<StepStats> stats = new ArrayList<>();
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, stats::add, (step, images) -> {
			}, (t, last) -> {
			}));
			try (NDManager scope = trainer.manager().newSubManager()) {
				GanTrainer.OptimizerState state = trainer.optimizerState(scope);
				assertThat(updates(state.discriminator())).isEqualTo(6);
				assertThat(updates(state.generator())).isEqualTo(2);
			}
		}
		// A step takes the next three batches of the epoch's order; an epoch does not
		// reuse an image.
		TrainingLoop.BatchSource source = new TrainingLoop.BatchSource(data, 48, config.seed(), 5, false);
		float[] all = new float[5 * 48 * 256];
		for (int step = 1; step <= 5; step++) {
			System.arraycopy(source.batch(step).pixels(), 0, all, (step - 1) * 48 * 256, 48 * 256);
		}
		List<String> images = new ArrayList<>();
		for (int i = 0; i < 5 * 48; i++) {
			images.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(all, i * 256, (i + 1) * 256)));
		}
		assertThat(images).doesNotHaveDuplicates();
		assertThat(stats).extracting(StepStats::epoch).containsExactly(0, 0);
	}

	@Test
	void emaRampUpShortensTheAveragesHorizonEarlyAndReachesTheDecayLater() {
		TrainingConfig.Stabilisers ramped = new TrainingConfig.Stabilisers(0f, 0.999f, 1, false, 0.05f, "");
		// 0.999's half-life is ln 0.5 / ln 0.999 = 692.8 steps; at step 100 the ramp
		// allows 0.05 * 100 = 5.
		assertThat(ramped.emaDecayAt(100)).isCloseTo((float) Math.pow(0.5, 1 / 5.0), within(1e-6f));
		assertThat(ramped.emaDecayAt(1)).isLessThan(1e-5f);
		assertThat(ramped.emaDecayAt(20_000)).isCloseTo(0.999f, within(1e-6f));
		float previous = 0f;
		for (long step = 1; step <= 20_000; step += 37) {
			assertThat(ramped.emaDecayAt(step)).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(0.999f + 1e-6f);
			previous = ramped.emaDecayAt(step);
		}
		assertThat(new TrainingConfig.Stabilisers(0f, 0.999f, 1, false).emaDecayAt(1)).isEqualTo(0.999f);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrainingConfig.Stabilisers(0f, 0.999f, 1, false, 1.5f, ""))
			.withMessageContaining("emaRampup");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TrainingConfig.Stabilisers(0f, 0f, 1, false, 0.05f, ""))
			.withMessageContaining("needs emaDecay");
	}

	@ParameterizedTest
	@ValueSource(floats = { 0f, 0.5f })
	void emaFollowsTheLiveGeneratorWithItsDecayAndIsWhatSamplesUse(float rampup) {
		float decay = 0.9f;
		TrainingConfig config = TrainingFixtures.tiny(Architecture.DCGAN, 4,
				new TrainingConfig.Stabilisers(0f, decay, 1, false, rampup, ""));
		ImageDataset data = TrainingFixtures.data(config);
		float[] noise = Latents.gaussianBatch(3, 4, config.network().nz());
		try (GanTrainer trainer = new GanTrainer(config)) {
			Block average = trainer.generatorAverage().orElseThrow();
			assertThat(trainer.servedGenerator()).isSameAs(average);
			// It starts as a copy of G.
			assertThat(all(average)).usingRecursiveComparison().isEqualTo(all(trainer.generator()));
			float[] before = trainer.generate(noise, 4);
			List<float[]> expected = trainable(trainer.generator());
			List<StepStats> stats = new ArrayList<>();
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, (s) -> {
				stats.add(s);
				// avg = decay * avg + (1 - decay) * g after every G update, the decay
				// warming up when asked
				float d = config.stabilisers().emaDecayAt(s.step());
				if (rampup == 0f) {
					assertThat(d).isEqualTo(decay);
				}
				else {
					// half-life min(6.6, 0.5 * step) steps: shorter than 0.9's for 4
					// steps
					assertThat(d).isCloseTo((float) Math.pow(0.5, 1 / (0.5 * s.step())), within(1e-6f))
						.isLessThan(decay);
				}
				List<float[]> live = trainable(trainer.generator());
				for (int i = 0; i < live.size(); i++) {
					float[] e = expected.get(i);
					for (int j = 0; j < e.length; j++) {
						e[j] = d * e[j] + (1 - d) * live.get(i)[j];
					}
				}
			}, (step, images) -> {
			}, (t, last) -> {
			}));
			assertThat(stats).hasSize(4);
			List<float[]> actual = trainable(average);
			for (int i = 0; i < actual.size(); i++) {
				assertThat(actual.get(i)).containsExactly(expected.get(i), within(1e-6f));
			}
			assertThat(largestChange(trainable(trainer.generator()), actual)).isGreaterThan(1e-5f);
			// BatchNorm running statistics are copied from the live G, not averaged.
			assertThat(statistics(average)).usingRecursiveComparison().isEqualTo(statistics(trainer.generator()));
			// Samples come from the average with its current weights, not with a kernel
			// cached in eval mode before the updates: a fresh block loaded with the
			// average's parameters gives the same images.
			float[] after = trainer.generate(noise, 4);
			assertThat(after).isNotEqualTo(before);
			Block fresh = Networks.generator(config.network());
			Networks.allocateGenerator(fresh, config.network(), trainer.manager());
			TrainingTestIo.load(fresh, trainer.manager(), TrainingTestIo.parameters(average));
			assertThat(after).containsExactly(evalForward(fresh, trainer, noise, 4), within(1e-6f));
			assertThat(after).isNotEqualTo(evalForward(trainer.generator(), trainer, noise, 4));
		}
	}

	@Test
	void withEmaOffTheServedGeneratorIsG() {
		try (GanTrainer trainer = new GanTrainer(TrainingFixtures.tiny(Architecture.GAN, 1))) {
			assertThat(trainer.generatorAverage()).isEmpty();
			assertThat(trainer.servedGenerator()).isSameAs(trainer.generator());
		}
	}

	@Test
	void emaAddsNoArraysPerStep() {
		TrainingConfig config = TrainingFixtures.tiny(Architecture.DCGAN, 6,
				new TrainingConfig.Stabilisers(0f, 0.99f, 2, false));
		ImageDataset data = TrainingFixtures.data(config);
		long[] arrays = new long[2];
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, (s) -> {
				if (s.step() == 2 || s.step() == 6) {
					arrays[(s.step() == 2) ? 0 : 1] = trainer.manager().getManagedArrays().size();
				}
			}, (step, images) -> trainer.generate(TrainingLoop.fixedNoise(config), TrainingLoop.SAMPLE_COUNT),
					(t, last) -> {
					}));
		}
		assertThat(arrays[1]).isEqualTo(arrays[0]);
	}

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void spectralNormKeepsEveryLayerOfDAtUnitSpectralNorm(Architecture architecture) {
		TrainingConfig config = TrainingFixtures.tiny(architecture, 10,
				new TrainingConfig.Stabilisers(0f, 0f, 1, true));
		ImageDataset data = TrainingFixtures.data(config);
		List<StepStats> stats = new ArrayList<>();
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, stats::add, (step, images) -> {
			}, (t, last) -> {
			}));
			// D's effective weights W / sigma, sigma from the stored u as an evaluation
			// pass computes it. A power iteration underestimates sigma, so their spectral
			// norm is at least 1. Thirty passes bring it within 2% for the DCGAN's convs
			// but only within 9% for the MLP's 128 x 256 layer: the top singular values
			// of a random matrix lie close together. A u that was never updated gives
			// about 1.7 there; weights that are not normalised, about 0.3.
			List<Double> norms = effectiveSpectralNorms(trainer.discriminator());
			assertThat(norms).hasSize((architecture == Architecture.DCGAN) ? 3 : 4)
				.allSatisfy((norm) -> assertThat(norm).isBetween(1 - 1e-4, 1.1));
		}
		assertThat(stats).hasSize(10).allSatisfy((s) -> assertThat(s.isFinite()).isTrue());
	}

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void spectralNormAddsNoArraysPerStep(Architecture architecture) {
		TrainingConfig config = TrainingFixtures.tiny(architecture, 6, new TrainingConfig.Stabilisers(0f, 0f, 2, true));
		ImageDataset data = TrainingFixtures.data(config);
		long[] arrays = new long[2];
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, (s) -> {
				if (s.step() == 2 || s.step() == 6) {
					arrays[(s.step() == 2) ? 0 : 1] = trainer.manager().getManagedArrays().size();
				}
			}, (step, images) -> {
			}, (t, last) -> {
			}));
		}
		assertThat(arrays[0]).isPositive();
		assertThat(arrays[1]).isEqualTo(arrays[0]);
	}

	/**
	 * The spectral norm of each spectrally normalised layer's effective weight, from its
	 * {@code weight} and {@code u} parameters.
	 */
	private static List<Double> effectiveSpectralNorms(Block discriminator) {
		List<Double> norms = new ArrayList<>();
		var parameters = discriminator.getParameters();
		for (String key : parameters.keys()) {
			if (!key.endsWith("_u")) {
				continue;
			}
			float[] u = parameters.get(key).getArray().toFloatArray();
			float[] w = parameters.get(key.substring(0, key.length() - 2) + "_weight").getArray().toFloatArray();
			int columns = w.length / u.length;
			double sigma = 0;
			for (int j = 0; j < columns; j++) {
				double wtu = 0;
				for (int i = 0; i < u.length; i++) {
					wtu += (double) w[i * columns + j] * u[i];
				}
				sigma += wtu * wtu;
			}
			norms.add(SingularValues.largest(w, u.length) / Math.sqrt(sigma));
		}
		return norms;
	}

	static float[] evalForward(Block generator, GanTrainer trainer, float[] latents, int count) {
		NetworkSpec spec = trainer.config().network();
		try (NDManager scope = trainer.manager().newSubManager()) {
			return generator
				.forward(new ParameterStore(scope, false), new NDList(scope.create(latents, spec.latentShape(count))),
						false)
				.singletonOrThrow()
				.toFloatArray();
		}
	}

	private static long updates(NDList state) {
		return state.stream().filter((a) -> "t".equals(a.getName())).findFirst().orElseThrow().toLongArray()[0];
	}

	private static float largestChange(List<float[]> before, List<float[]> after) {
		float largest = 0;
		for (int i = 0; i < before.size(); i++) {
			for (int j = 0; j < before.get(i).length; j++) {
				largest = Math.max(largest, Math.abs(after.get(i)[j] - before.get(i)[j]));
			}
		}
		return largest;
	}

	static List<float[]> trainable(Block block) {
		return values(block, (p) -> p.getType() != Parameter.Type.RUNNING_MEAN
				&& p.getType() != Parameter.Type.RUNNING_VAR && p.getType() != Parameter.Type.OTHER);
	}

	private static List<float[]> statistics(Block block) {
		return values(block,
				(p) -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR);
	}

	private static List<float[]> all(Block block) {
		return values(block, (p) -> true);
	}

	private static List<float[]> values(Block block, java.util.function.Predicate<Parameter> filter) {
		List<float[]> values = new ArrayList<>();
		for (Parameter p : block.getParameters().values()) {
			if (filter.test(p)) {
				values.add(p.getArray().toFloatArray());
			}
		}
		assertThat(values).isNotEmpty();
		return values;
	}

}
