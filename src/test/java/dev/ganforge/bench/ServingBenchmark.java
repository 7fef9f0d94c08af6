package dev.ganforge.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.Latents;

/**
 * Raw generator throughput for {@code bench/serving-bench.sh}; not a test. Runs
 * {@link LoadedModel#generate} in-process at batch 1, 16 and 64, one pass after another
 * on one thread, and with two passes of 16 at once on two threads (about 3,200 images
 * each after three warm-up passes). Three rounds in turn; prints each configuration's
 * median images/s and every round's figure, since on a shared VM one round can be 20% off
 * the others. The served side is measured by wrk.
 */
public final class ServingBenchmark {

	private ServingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		// {batch, concurrent passes}: the textbook figures, and two passes of 16 at once,
		// what the service's two workers run at concurrency 32
		int[][] configs = { { 1, 1 }, { 16, 1 }, { 64, 1 }, { 16, 2 } };
		int rounds = 3;
		double[][] perSecond = new double[configs.length][rounds];
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (LoadedModel model = LoadedModel.load(Path.of(args[0]))) {
			for (int round = 0; round < rounds; round++) {
				for (int c = 0; c < configs.length; c++) {
					perSecond[c][round] = imagesPerSecond(model,
							Latents.seededInputs(model.spec(), round, configs[c][0], 1), configs[c][0], configs[c][1],
							threads);
				}
			}
		}
		finally {
			threads.shutdown();
		}
		for (int c = 0; c < configs.length; c++) {
			double[] sorted = perSecond[c].clone();
			Arrays.sort(sorted);
			double median = sorted[rounds / 2];
			System.out.printf(Locale.ROOT,
					"{\"mode\":\"raw\",\"batch\":%d,\"concurrentPasses\":%d,\"imagesPerSecond\":%.1f,"
							+ "\"msPerBatch\":%.2f,\"rounds\":%s}%n",
					configs[c][0], configs[c][1], median, 1000 * configs[c][0] * configs[c][1] / median,
					Arrays.stream(perSecond[c]).mapToObj((v) -> String.format(Locale.ROOT, "%.1f", v)).toList());
		}
	}

	/** About 3,200 images in passes of {@code batch}, {@code passes} at a time. */
	private static double imagesPerSecond(LoadedModel model, float[] latents, int batch, int passes,
			ExecutorService threads) throws Exception {
		for (int i = 0; i < 3; i++) {
			model.generate(latents, batch);
		}
		int reps = Math.max(20, 3200 / (batch * passes));
		List<Callable<Object>> workers = new ArrayList<>();
		for (int p = 0; p < passes; p++) {
			workers.add(() -> {
				for (int i = 0; i < reps; i++) {
					model.generate(latents, batch);
				}
				return null;
			});
		}
		long started = System.nanoTime();
		for (Future<Object> done : threads.invokeAll(workers)) {
			done.get();
		}
		return batch * passes * reps / ((System.nanoTime() - started) / 1e9);
	}

}
