package dev.ganforge.training;

import dev.ganforge.bench.ProcessMemory;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short leak test: every native array a step creates is freed at the step's end. (The
 * long RSS run past warm-up is a benchmark, see bench/.)
 */
class TrainingMemoryTests {

	@Test
	@EnabledOnOs(OS.LINUX)
	void perStepMemoryDoesNotGrow() {
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, 32, 1, 32, 16, 16);
		TrainingConfig config = new TrainingConfig(spec, "synthetic:512", 0, 150, 32, 2e-4f, 2e-4f, 0.5f, 0.999f, 1L,
				GanLoss.NON_SATURATING, 50, 0);
		ImageDataset data = TrainingFixtures.data(config);
		long[] arrays = new long[2];
		long[] rss = new long[2];
		long[] heap = new long[2];
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, (s) -> {
				if (s.step() == 50 || s.step() == 150) {
					int i = (s.step() == 50) ? 0 : 1;
					arrays[i] = trainer.manager().getManagedArrays().size();
					rss[i] = ProcessMemory.residentKb();
					heap[i] = Runtime.getRuntime().totalMemory() / 1024;
				}
			}, (step, images) -> {
			}, (t, last) -> {
			}));
		}
		// The networks' manager holds parameters, optimiser moments and nothing per step.
		assertThat(arrays[1]).isEqualTo(arrays[0]);
		// A leaked autograd graph of this model costs megabytes per step: 100 steps would
		// add hundreds. RSS also moves with the Java heap of this shared test JVM, so
		// heap
		// growth is taken out; what is left still moves by up to ~50 MB with malloc's
		// arenas when the machine is loaded (seen twice at 50-51 MB), hence 150 MB.
		long nativeGrowth = (rss[1] - rss[0]) - (heap[1] - heap[0]);
		assertThat(nativeGrowth).as("RSS growth outside the Java heap in kB over 100 steps").isLessThan(150_000);
	}

}
