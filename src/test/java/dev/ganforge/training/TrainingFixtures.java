package dev.ganforge.training;

import java.util.ArrayList;
import java.util.List;

import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;

/**
 * Small, fast configurations for tests.
 */
final class TrainingFixtures {

	private TrainingFixtures() {
	}

	static TrainingConfig tiny(Architecture architecture, long steps) {
		NetworkSpec spec = new NetworkSpec(architecture, 16, 1, 16, 8, 8);
		return new TrainingConfig(spec, "synthetic:256", 0, steps, 16, 2e-4f, 2e-4f, 0.5f, 0.999f, 7L,
				GanLoss.NON_SATURATING, 0, 0);
	}

	static TrainingConfig tiny(Architecture architecture, long steps, TrainingConfig.Stabilisers stabilisers) {
		return tiny(architecture, steps).withStabilisers(stabilisers);
	}

	static ImageDataset data(TrainingConfig config) {
		return Datasets.load(DatasetSpec.parse(config.dataset()), config.network().imageSize(),
				config.network().channels(), null, config.seed());
	}

	/**
	 * Trains a fresh trainer on the data to the end and returns every step's statistics.
	 */
	static List<StepStats> run(TrainingConfig config, ImageDataset data) {
		List<StepStats> stats = new ArrayList<>();
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, stats::add, (step, images) -> {
			}, (t, last) -> {
			}));
		}
		return stats;
	}

}
