package dev.ganforge.training;

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

}
