package dev.ganforge.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.Latents;

/**
 * Raw generator throughput for {@code bench/serving-bench.sh}; not a test. Runs
 * {@link LoadedModel#generate} in-process, one pass after another on one thread, at batch
 * 1, 16 and 64 (about 3,200 images each after three warm-up passes), and prints images/s
 * and ms per pass. The served side is measured by wrk.
 */
public final class ServingBenchmark {

	private ServingBenchmark() {
	}

	public static void main(String[] args) {
		int[] batches = { 1, 16, 64 };
		int rounds = 3;
		double[][] perSecond = new double[batches.length][rounds];
		try (LoadedModel model = LoadedModel.load(Path.of(args[0]))) {
			int nz = model.spec().nz();
			for (int round = 0; round < rounds; round++) {
				for (int b = 0; b < batches.length; b++) {
					perSecond[b][round] = imagesPerSecond(model, Latents.gaussianBatch(round, batches[b], nz),
							batches[b]);
				}
			}
		}
		for (int b = 0; b < batches.length; b++) {
			double[] sorted = perSecond[b].clone();
			Arrays.sort(sorted);
			double median = sorted[rounds / 2];
			System.out.printf(Locale.ROOT,
					"{\"mode\":\"raw\",\"batch\":%d,\"imagesPerSecond\":%.1f,\"msPerBatch\":%.2f,\"rounds\":%s}%n",
					batches[b], median, 1000 * batches[b] / median,
					Arrays.stream(perSecond[b]).mapToObj((v) -> String.format(Locale.ROOT, "%.1f", v)).toList());
		}
	}

	private static double imagesPerSecond(LoadedModel model, float[] latents, int batch) {
		for (int i = 0; i < 3; i++) {
			model.generate(latents, batch);
		}
		int reps = Math.max(20, 3200 / batch);
		long started = System.nanoTime();
		for (int i = 0; i < reps; i++) {
			model.generate(latents, batch);
		}
		return batch * reps / ((System.nanoTime() - started) / 1e9);
	}

}
