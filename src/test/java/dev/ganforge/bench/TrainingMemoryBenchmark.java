package dev.ganforge.bench;

import java.util.Locale;

import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.TrainingCallbacks;
import dev.ganforge.training.TrainingConfig;
import dev.ganforge.training.TrainingLoop;

/**
 * Resident memory of the training loop past warm-up: trains {@code warmup + measured}
 * steps through {@link TrainingLoop} and prints RSS every 100 steps, then the growth over
 * the measured steps. Run by {@code bench/memory-bench.sh} with a bounded Java heap, so
 * that growth means native memory. Not a test.
 *
 * <p>
 * Arguments: {@code imageSize ngf batchSize warmupSteps measuredSteps}.
 */
public final class TrainingMemoryBenchmark {

	private TrainingMemoryBenchmark() {
	}

	public static void main(String[] args) {
		int imageSize = Integer.parseInt(args[0]);
		int width = Integer.parseInt(args[1]);
		int batch = Integer.parseInt(args[2]);
		long warmup = Long.parseLong(args[3]);
		long measured = Long.parseLong(args[4]);
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, imageSize, 1, 100, width, width);
		TrainingConfig config = new TrainingConfig(spec, "synthetic:4096", 0, warmup + measured, batch, 2e-4f, 2e-4f,
				0.5f, 0.999f, 1L, GanLoss.NON_SATURATING, 500, 0);
		ImageDataset data = Datasets.load(DatasetSpec.parse(config.dataset()), imageSize, 1, null, 1L);
		long[] atWarmup = new long[1];
		long started = System.nanoTime();
		try (GanTrainer trainer = new GanTrainer(config)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, (s) -> {
				if (s.step() % 100 == 0) {
					long rss = ProcessMemory.residentKb();
					System.out.printf(Locale.ROOT, "step %d rss_mb %.1f elapsed_s %.0f%n", s.step(), rss / 1024.0,
							(System.nanoTime() - started) / 1e9);
					if (s.step() == warmup) {
						atWarmup[0] = rss;
					}
				}
			}, (step, images) -> {
			}, (t, last) -> {
			}));
		}
		long end = ProcessMemory.residentKb();
		System.out.printf(Locale.ROOT, "rss growth over steps %d..%d: %.1f MB (%.2f%%)%n", warmup, warmup + measured,
				(end - atWarmup[0]) / 1024.0, 100.0 * (end - atWarmup[0]) / atWarmup[0]);
	}

}
