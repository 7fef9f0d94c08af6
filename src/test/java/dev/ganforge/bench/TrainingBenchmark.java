package dev.ganforge.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.GradMode;
import dev.ganforge.nn.Latents;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.TrainingConfig;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training and generator throughput of the DCGAN on this machine, printed as one JSON
 * line per configuration. Run by {@code bench/training-bench.sh}; not a test.
 *
 * <p>
 * Arguments: {@code imageSize batchSize iterations [ngf]}. The FLOP count of one
 * iteration is 3 F_G + 8 F_D, with F the forward FLOPs of a network at that batch (2 per
 * multiply-add of every convolution): the D step runs G forward, D forward on real and
 * fake and D backward for both (about twice a forward each); the G step runs D forward, D
 * backward to its input only (about one forward) and G backward (about two).
 */
public final class TrainingBenchmark {

	private TrainingBenchmark() {
	}

	public static void main(String[] args) {
		int imageSize = Integer.parseInt(args[0]);
		int batch = Integer.parseInt(args[1]);
		int iterations = Integer.parseInt(args[2]);
		int width = (args.length > 3) ? Integer.parseInt(args[3]) : 64;
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, imageSize, 1, 100, width, width);
		TrainingConfig config = new TrainingConfig(spec, "synthetic", 0, iterations, batch, 2e-4f, 2e-4f, 0.5f, 0.999f,
				1L, GanLoss.NON_SATURATING, 0, 0);
		GradMode.disableOnThisThread();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("impl", "ganforge-djl");
		result.put("imageSize", imageSize);
		result.put("batchSize", batch);
		result.put("ngf", width);
		try (GanTrainer trainer = new GanTrainer(config)) {
			for (int i = 0; i < 3; i++) {
				step(trainer, spec, batch);
			}
			long started = System.nanoTime();
			for (int i = 0; i < iterations; i++) {
				step(trainer, spec, batch);
			}
			double msPerIteration = (System.nanoTime() - started) / 1e6 / iterations;
			double gflop = (3 * generatorFlops(spec, batch) + 8 * discriminatorFlops(spec, batch)) / 1e9;
			result.put("msPerIteration", round(msPerIteration));
			result.put("gflopPerIteration", round(gflop));
			result.put("gflopPerSecond", round(gflop / (msPerIteration / 1000)));
			Map<String, Object> generator = new LinkedHashMap<>();
			for (int b : new int[] { 1, 16, 64 }) {
				float[] z = Latents.gaussianBatch(7, b, spec.nz());
				trainer.generate(z, b);
				int reps = Math.max(5, 256 / b);
				long t = System.nanoTime();
				for (int r = 0; r < reps; r++) {
					trainer.generate(z, b);
				}
				generator.put(String.valueOf(b), round(b * reps / ((System.nanoTime() - t) / 1e9)));
			}
			result.put("generatorImagesPerSecond", generator);
		}
		result.put("peakRssMb", ProcessMemory.peakResidentKb() / 1024);
		System.out.println(JsonMapper.builder().build().writeValueAsString(result));
	}

	private static void step(GanTrainer trainer, NetworkSpec spec, int batch) {
		try (NDManager scope = trainer.manager().newSubManager()) {
			trainer.step(scope.randomUniform(-1, 1, spec.imageShape(batch)), 0);
		}
	}

	/**
	 * 2 * Cin * Cout * 16 * Hout * Wout per transposed convolution layer (counted on its
	 * input).
	 */
	static double generatorFlops(NetworkSpec spec, int batch) {
		int stages = Integer.numberOfTrailingZeros(spec.imageSize()) - 2;
		double width = (double) spec.ngf() * (1 << (stages - 1));
		// a transposed convolution does Cin * Cout * k * k multiply-adds per input pixel
		double flops = 2 * spec.nz() * width * 16;
		int side = 4;
		for (int stage = 1; stage < stages; stage++) {
			flops += 2 * width * (width / 2) * 16 * side * side;
			width /= 2;
			side *= 2;
		}
		flops += 2 * width * spec.channels() * 16 * side * side;
		return flops * batch;
	}

	/** 2 * Cin * Cout * 16 * Hout * Wout per strided convolution. */
	static double discriminatorFlops(NetworkSpec spec, int batch) {
		double width = spec.ndf();
		int side = spec.imageSize() / 2;
		double flops = 2 * spec.channels() * width * 16 * side * side;
		while (side > 4) {
			side /= 2;
			flops += 2 * width * (width * 2) * 16 * side * side;
			width *= 2;
		}
		flops += 2 * width * 16;
		return flops * batch;
	}

	private static double round(double value) {
		return Double.parseDouble(String.format(Locale.ROOT, "%.2f", value));
	}

}
