package dev.ganforge.training;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.GradMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class GanTrainerTests {

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void generatorStepNeverChangesTheDiscriminator(Architecture architecture) {
		TrainingConfig base = TrainingFixtures.tiny(architecture, 1);
		// D's learning rate is so small that its own update cannot move a float32 weight,
		// so any
		// change to D's weights in a step could only come from G's phase.
		TrainingConfig config = new TrainingConfig(base.network(), base.dataset(), 0, 1, base.batchSize(), 1e-30f,
				2e-4f, 0.5f, 0.999f, base.seed(), GanLoss.NON_SATURATING, 0, 0);
		ImageDataset data = TrainingFixtures.data(config);
		GradMode.disableOnThisThread();
		try (GanTrainer trainer = new GanTrainer(config)) {
			List<float[]> dBefore = trainable(trainer.discriminator());
			List<float[]> gBefore = trainable(trainer.generator());
			try (NDManager batch = trainer.manager().newSubManager()) {
				trainer.step(batch.create(firstBatch(data, config), config.network().imageShape(16)), 0);
			}
			assertThat(trainable(trainer.discriminator())).usingRecursiveComparison().isEqualTo(dBefore);
			assertThat(trainable(trainer.generator())).usingRecursiveComparison().isNotEqualTo(gBefore);
			// The PyTorch engine zeroes gradients only in an optimiser update. D's update
			// ran before
			// G's backward pass, so any non-zero gradient left in D was written by G's
			// step and
			// would leak into D's next update.
			for (Parameter p : trainableParameters(trainer.discriminator())) {
				try (NDArray gradient = p.getArray().getGradient()) {
					assertThat(gradient.abs().sum().getFloat()).as(p.getName()).isZero();
				}
			}
			// Thawing D after G's step must not make BatchNorm's running statistics
			// trainable.
			for (Parameter p : trainer.discriminator().getParameters().values()) {
				if (p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR) {
					assertThat(p.requiresGradient()).as(p.getName()).isFalse();
					assertThat(p.getArray().hasGradient()).as(p.getName()).isFalse();
				}
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void stepReportsTheDcganLogSet(Architecture architecture) {
		TrainingConfig config = TrainingFixtures.tiny(architecture, 1);
		ImageDataset data = TrainingFixtures.data(config);
		GradMode.disableOnThisThread();
		try (GanTrainer trainer = new GanTrainer(config); NDManager batch = trainer.manager().newSubManager()) {
			StepStats stats = trainer.step(batch.create(firstBatch(data, config), config.network().imageShape(16)), 0);
			assertThat(stats.step()).isEqualTo(1);
			assertThat(stats.isFinite()).isTrue();
			assertThat(stats.lossD()).isPositive();
			assertThat(stats.lossG()).isPositive();
			assertThat(List.of(stats.dReal(), stats.dFakeBefore(), stats.dFakeAfter()))
				.allSatisfy((p) -> assertThat(p).isBetween(0f, 1f));
			assertThat(trainer.completedSteps()).isEqualTo(1);
		}
	}

	@Test
	void aStepDoesNotDependOnWhatElseTheProcessDrawsFromTheEngine() {
		// PyTorch's CPU generator is one per process: another thread (a model registry
		// loading a model initialises its layers from it) may draw from or reseed it at
		// any time. Simulated here on one thread, deterministically, between two steps.
		TrainingConfig config = TrainingFixtures.tiny(Architecture.DCGAN, 2,
				new TrainingConfig.Stabilisers(0f, 0f, 2, false));
		ImageDataset data = TrainingFixtures.data(config);
		GradMode.disableOnThisThread();
		List<StepStats> quiet = twoSteps(config, data, false);
		List<StepStats> disturbed = twoSteps(config, data, true);
		assertThat(disturbed).extracting(StepStats::lossD)
			.containsExactlyElementsOf(quiet.stream().map(StepStats::lossD).toList());
		assertThat(disturbed).extracting(StepStats::lossG)
			.containsExactlyElementsOf(quiet.stream().map(StepStats::lossG).toList());
	}

	@Test
	void initialWeightsDependOnTheSeedAloneNotOnTheEngine() {
		// Spectral norm and EMA on: every kind of parameter a trainer builds.
		TrainingConfig config = withSeed(7);
		List<float[]> first = initialValues(config);
		// The engine's generator is one per process; leave it in another state.
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			manager.getEngine().setRandomSeed(1234);
			manager.randomNormal(new ai.djl.ndarray.types.Shape(17)).close();
		}
		List<float[]> again = initialValues(config);
		assertThat(again).hasSameSizeAs(first);
		for (int i = 0; i < first.size(); i++) {
			assertThat(again.get(i)).as("parameter %d", i).containsExactly(first.get(i));
		}
		assertThat(initialValues(withSeed(8))).usingRecursiveComparison().isNotEqualTo(first);
	}

	@Test
	void buildingATrainerNeitherReseedsNorDrawsFromTheEngine() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			manager.getEngine().setRandomSeed(99);
			float[] undisturbed = manager.randomNormal(new ai.djl.ndarray.types.Shape(8)).toFloatArray();
			manager.getEngine().setRandomSeed(99);
			new GanTrainer(withSeed(7)).close();
			assertThat(manager.randomNormal(new ai.djl.ndarray.types.Shape(8)).toFloatArray())
				.containsExactly(undisturbed);
		}
	}

	private static TrainingConfig withSeed(long seed) {
		TrainingConfig base = TrainingFixtures.tiny(Architecture.DCGAN, 1);
		return new TrainingConfig(base.network(), base.dataset(), 0, 1, base.batchSize(), 2e-4f, 2e-4f, 0.5f, 0.999f,
				seed, GanLoss.NON_SATURATING, 0, 0)
			.withStabilisers(new TrainingConfig.Stabilisers(0f, 0.99f, 1, true));
	}

	/** Every parameter of G, D and G's average, in order. */
	private static List<float[]> initialValues(TrainingConfig config) {
		List<float[]> values = new ArrayList<>();
		try (GanTrainer trainer = new GanTrainer(config)) {
			for (Block block : List.of(trainer.generator(), trainer.discriminator(),
					trainer.generatorAverage().orElseThrow())) {
				for (Parameter p : block.getParameters().values()) {
					values.add(p.getArray().toFloatArray());
				}
			}
		}
		return values;
	}

	@Test
	void noiseIsAFunctionOfSeedStepAndUpdate() {
		assertThat(GanTrainer.noise(7, 3, 1, 5)).containsExactly(GanTrainer.noise(7, 3, 1, 5));
		assertThat(GanTrainer.noise(7, 3, 1, 5)).isNotEqualTo(GanTrainer.noise(7, 3, 0, 5));
		assertThat(GanTrainer.noise(7, 3, 1, 5)).isNotEqualTo(GanTrainer.noise(7, 4, 1, 5));
		assertThat(GanTrainer.noise(7, 3, 1, 5)).isNotEqualTo(GanTrainer.noise(8, 3, 1, 5));
	}

	private static List<StepStats> twoSteps(TrainingConfig config, ImageDataset data, boolean disturb) {
		List<StepStats> stats = new ArrayList<>();
		TrainingLoop.BatchSource batches = new TrainingLoop.BatchSource(data, config.imagesPerStep(), config.seed(),
				config.stepsPerEpoch(data.size()), false);
		try (GanTrainer trainer = new GanTrainer(config)) {
			for (int step = 1; step <= 2; step++) {
				if (disturb) {
					trainer.manager().getEngine().setRandomSeed(1234 + step);
					trainer.manager().randomNormal(new ai.djl.ndarray.types.Shape(17)).close();
				}
				try (NDManager batch = trainer.manager().newSubManager()) {
					stats.add(trainer.step(batch.create(batches.batch(step).pixels(),
							config.network().imageShape(config.imagesPerStep())), 0));
				}
			}
		}
		return stats;
	}

	static float[] firstBatch(ImageDataset data, TrainingConfig config) {
		int length = data.imageLength();
		float[] pixels = new float[config.batchSize() * length];
		for (int i = 0; i < config.batchSize(); i++) {
			data.copyTo(i, pixels, i * length);
		}
		return pixels;
	}

	private static List<Parameter> trainableParameters(Block block) {
		return block.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
	}

	private static List<float[]> trainable(Block block) {
		List<float[]> values = new ArrayList<>();
		for (Parameter p : trainableParameters(block)) {
			values.add(p.getArray().toFloatArray());
		}
		return values;
	}

}
