package dev.ganforge.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class TrainingLoopTests {

	@Test
	void sameSeedGivesSameLosses() {
		TrainingConfig config = TrainingFixtures.tiny(Architecture.DCGAN, 4);
		ImageDataset data = TrainingFixtures.data(config);
		List<StepStats> first = train(config, data);
		List<StepStats> second = train(config, data);
		assertThat(first).hasSize(4);
		for (int i = 0; i < first.size(); i++) {
			assertThat(second.get(i).lossD()).isCloseTo(first.get(i).lossD(), within(1e-5f));
			assertThat(second.get(i).lossG()).isCloseTo(first.get(i).lossG(), within(1e-5f));
		}
		TrainingConfig otherSeed = new TrainingConfig(config.network(), config.dataset(), 0, 4, 16, 2e-4f, 2e-4f, 0.5f,
				0.999f, 8L, GanLoss.NON_SATURATING, 0, 0);
		assertThat(train(otherSeed, data).get(0).lossD()).isNotCloseTo(first.get(0).lossD(), within(1e-4f));
	}

	static List<TrainingConfig.Stabilisers> stabilisers() {
		return List.of(TrainingConfig.Stabilisers.NONE, new TrainingConfig.Stabilisers(0.1f, 0.9f, 2, false));
	}

	@ParameterizedTest
	@MethodSource("stabilisers")
	void resumingFromSavedStateContinuesAsIfUninterrupted(TrainingConfig.Stabilisers stabilisers) {
		TrainingConfig config = TrainingFixtures.tiny(Architecture.DCGAN, 6, stabilisers);
		ImageDataset data = TrainingFixtures.data(config);
		float[] noise = TrainingLoop.fixedNoise(config);
		List<StepStats> straight = new ArrayList<>();
		float[] straightSamples;
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, callbacks(straight));
			straightSamples = trainer.generate(noise, TrainingLoop.SAMPLE_COUNT);
		}

		List<StepStats> resumed = new ArrayList<>();
		byte[][] saved = new byte[5][];
		AtomicInteger calls = new AtomicInteger();
		// Run 3 steps, keep parameters, G's average and optimiser state as bytes, abort.
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> calls.get() == 3, (s) -> {
				calls.incrementAndGet();
				resumed.add(s);
			}, (step, images) -> {
			}, (t, last) -> {
			}));
			saved[0] = TrainingTestIo.parameters(trainer.generator());
			saved[1] = TrainingTestIo.parameters(trainer.discriminator());
			try (NDManager scope = trainer.manager().newSubManager()) {
				GanTrainer.OptimizerState state = trainer.optimizerState(scope);
				saved[2] = state.generator().encode();
				saved[3] = state.discriminator().encode();
			}
			saved[4] = trainer.generatorAverage().map(TrainingTestIo::parameters).orElse(null);
		}
		assertThat(saved[4] != null).isEqualTo(stabilisers.ema());
		// A fresh trainer restored from those bytes finishes the run.
		float[] resumedSamples;
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingTestIo.load(trainer.generator(), trainer.manager(), saved[0]);
			TrainingTestIo.load(trainer.discriminator(), trainer.manager(), saved[1]);
			trainer.generatorAverage().ifPresent((b) -> TrainingTestIo.load(b, trainer.manager(), saved[4]));
			try (NDManager scope = trainer.manager().newSubManager()) {
				trainer.restore(3,
						new GanTrainer.OptimizerState(NDList.decode(scope, saved[2]), NDList.decode(scope, saved[3])));
			}
			TrainingOutcome outcome = TrainingLoop.run(trainer, data, callbacks(resumed));
			assertThat(outcome.completed()).isTrue();
			assertThat(outcome.steps()).isEqualTo(6);
			resumedSamples = trainer.generate(noise, TrainingLoop.SAMPLE_COUNT);
		}
		assertThat(resumed).extracting(StepStats::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		for (int i = 0; i < 6; i++) {
			assertThat(resumed.get(i).lossD()).as("lossD at step %d", i + 1)
				.isCloseTo(straight.get(i).lossD(), within(1e-4f));
			assertThat(resumed.get(i).lossG()).as("lossG at step %d", i + 1)
				.isCloseTo(straight.get(i).lossG(), within(1e-4f));
		}
		// The served generator (G's average when EMA is on) ends where it would have.
		assertThat(resumedSamples).containsExactly(straightSamples, within(1e-5f));
	}

	@Test
	void abortStopsBeforeTheNextStepAndSamplesUseFixedNoise() {
		TrainingConfig config = new TrainingConfig(TrainingFixtures.tiny(Architecture.GAN, 1).network(),
				"synthetic:256", 0, 10, 16, 2e-4f, 2e-4f, 0.5f, 0.999f, 7L, GanLoss.NON_SATURATING, 2, 0);
		ImageDataset data = TrainingFixtures.data(config);
		List<Long> sampleSteps = new ArrayList<>();
		AtomicInteger steps = new AtomicInteger();
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingOutcome outcome = TrainingLoop.run(trainer, data,
					new TrainingCallbacks(() -> steps.get() >= 5, (s) -> steps.incrementAndGet(), (step, images) -> {
						assertThat(images).hasSize(TrainingLoop.SAMPLE_COUNT * 16 * 16);
						sampleSteps.add(step);
					}, (t, last) -> {
					}));
			assertThat(outcome.completed()).isFalse();
			assertThat(outcome.steps()).isEqualTo(5);
		}
		assertThat(sampleSteps).containsExactly(2L, 4L);
	}

	@Test
	void nonFiniteLossStopsTheRunWithoutSnapshot() {
		TrainingConfig config = TrainingFixtures.tiny(Architecture.GAN, 5);
		ImageDataset data = TrainingFixtures.data(config);
		AtomicInteger snapshots = new AtomicInteger();
		try (GanTrainer trainer = new GanTrainer(config)) {
			// Fault injection: one NaN weight in G poisons D's output on fakes and both
			// losses.
			trainer.generator().getParameters().valueAt(0).getArray().muli(Float.NaN);
			assertThatExceptionOfType(TrainingDivergedException.class)
				.isThrownBy(() -> TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, (s) -> {
				}, (step, images) -> {
				}, (t, last) -> snapshots.incrementAndGet())))
				.withMessageContaining("diverged at step 1")
				.satisfies((ex) -> assertThat(ex.stats().isFinite()).isFalse());
		}
		assertThat(snapshots.get()).isZero();
	}

	@Test
	void refusesDataOfTheWrongShape() {
		TrainingConfig config = TrainingFixtures.tiny(Architecture.DCGAN, 1);
		ImageDataset data = ImageDataset.of("tiny", 1, 32, new byte[32 * 32 * 20], null);
		try (GanTrainer trainer = new GanTrainer(config)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TrainingLoop.run(trainer, data, TrainingCallbacks.none()))
				.withMessageContaining("network expects 1x16x16");
		}
	}

	static List<StepStats> train(TrainingConfig config, ImageDataset data) {
		List<StepStats> stats = new ArrayList<>();
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, callbacks(stats));
		}
		return stats;
	}

	private static TrainingCallbacks callbacks(List<StepStats> sink) {
		return new TrainingCallbacks(() -> false, sink::add, (step, images) -> {
		}, (t, last) -> {
		});
	}

}
