package dev.ganforge.generation;

import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDManager;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.TrainingConfig;

/**
 * A tiny real checkpoint for tests: DCGAN 16x16 grayscale, nz 16, ngf = ndf = 8.
 */
public final class GenerationFixtures {

	static final int NZ = 16;

	static final int SIZE = 16;

	private GenerationFixtures() {
	}

	/**
	 * Writes a model trained for a few steps on noise (so BatchNorm's running statistics
	 * move off their initial values) with amplified weights, so images differ visibly by
	 * seed.
	 * @param modelsDir the models directory
	 * @param name the model's name
	 * @return the model's directory
	 */
	public static Path writeTinyModel(Path modelsDir, String name) {
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, SIZE, 1, NZ, 8, 8);
		TrainingConfig config = new TrainingConfig(spec, "synthetic:64", 0, 4, 16, 2e-4f, 2e-4f, 0.5f, 0.999f, 7L,
				GanLoss.NON_SATURATING, 0, 0);
		Path dir = modelsDir.resolve(name);
		try (GanTrainer trainer = new GanTrainer(config)) {
			for (int step = 0; step < 4; step++) {
				try (NDManager batch = trainer.manager().newSubManager()) {
					trainer.step(batch.randomUniform(-1, 1, spec.imageShape(16)), 0);
				}
			}
			// DCGAN's N(0, 0.02) initialisation leaves a barely trained G almost flat
			// (2 gray levels); scaling each convolution's weights by 6 amplifies the
			// output about 200-fold, to ~100 levels within (-0.5, 0.5), so tests compare
			// real images.
			trainer.generator().getParameters().forEach((pair) -> {
				if (pair.getKey().endsWith("weight")) {
					pair.getValue().getArray().muli(6);
				}
			});
			CheckpointStore.writeModel(dir, Manifest.of(name, config, trainer.completedSteps(), null,
					new Manifest.Provenance("test", "test", 0)), trainer.generator(), null);
		}
		return dir;
	}

	/**
	 * A tiny conditional model of three classes, trained for four steps on noise with
	 * random labels, its weights scaled like {@link #writeTinyModel}'s.
	 * @param modelsDir the models directory
	 * @param name the model's name
	 * @return its directory
	 */
	public static Path writeTinyConditionalModel(Path modelsDir, String name) {
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, SIZE, 1, NZ, 8, 8, 3);
		TrainingConfig config = new TrainingConfig(spec, "synthetic:64", 0, 4, 16, 2e-4f, 2e-4f, 0.5f, 0.999f, 7L,
				GanLoss.NON_SATURATING, 0, 0);
		Path dir = modelsDir.resolve(name);
		int[] labels = new int[16];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = i % 3;
		}
		try (GanTrainer trainer = new GanTrainer(config)) {
			for (int step = 0; step < 4; step++) {
				try (NDManager batch = trainer.manager().newSubManager()) {
					trainer.step(batch.randomUniform(-1, 1, spec.imageShape(16)), labels, 0);
				}
			}
			trainer.generator().getParameters().forEach((pair) -> {
				if (pair.getKey().endsWith("weight")) {
					pair.getValue().getArray().muli(6);
				}
				// Classes far apart, so that each makes visibly other images.
				if (pair.getKey().endsWith("gain")) {
					pair.getValue()
						.getArray()
						.muli(pair.getValue().getArray().getManager().arange(1f, 1f + 3 * 0.5f, 0.5f).reshape(3, 1));
				}
			});
			List<Manifest.ModelClass> classes = List.of(new Manifest.ModelClass("circle", 6),
					new Manifest.ModelClass("square", 5), new Manifest.ModelClass("triangle", 5));
			CheckpointStore.writeModel(dir, Manifest.of(name, config, trainer.completedSteps(), null,
					new Manifest.Provenance("test", "test", 0), classes), trainer.generator(), null);
		}
		return dir;
	}

}
