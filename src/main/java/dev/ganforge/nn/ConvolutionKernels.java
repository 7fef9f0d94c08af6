package dev.ganforge.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's convolutions right on hosts where oneDNN's fastest kernels are not.
 *
 * <p>
 * PyTorch runs float32 convolutions on the CPU with oneDNN, which picks just-in-time
 * kernels by instruction set and sizes their blocking by the CPU's cache sizes. On a
 * virtual machine that reports no cache topology (measured on an AMD EPYC, family 26,
 * with no {@code /sys/devices/system/cpu/cpu0/cache}), its AVX2 and AVX-512 kernels
 * compute wrong input gradients for convolutions with few output channels: a relative
 * error of 0.94 for D's last layer (256 channels to one logit), enough to make every
 * DCGAN step meaningless, and different results from run to run. Its AVX kernels are
 * right there. {@link #guard()} caps oneDNN at AVX on such hosts, before its first
 * convolution, unless the operator chose an instruction set; training is then about half
 * as fast. {@link #check()} measures whether the gradients are right, whatever the cause,
 * against float64 convolutions (which oneDNN does not run).
 */
public final class ConvolutionKernels {

	/** oneDNN's cap on the instruction set its kernels use. */
	static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";

	/** The widest instruction set whose kernels were right on the hosts above. */
	static final String SAFE_ISA = "AVX";

	static final Path CACHE_TOPOLOGY = Path.of("/sys/devices/system/cpu/cpu0/cache");

	/** Gradients of these convolutions were wrong on such hosts, without the cap. */
	private static final List<int[]> CASES = List.of(
			// batch, in, out, size, kernel, stride, padding
			new int[] { 8, 256, 1, 4, 4, 1, 0 }, new int[] { 2, 3, 4, 9, 4, 1, 1 });

	/**
	 * A right float32 gradient is within a few ulps of the float64 one, relative to its
	 * scale.
	 */
	static final double TOLERANCE = 1e-4;

	private static final Logger log = LoggerFactory.getLogger(ConvolutionKernels.class);

	private static volatile String decision;

	private ConvolutionKernels() {
	}

	/**
	 * Caps oneDNN at {@value #SAFE_ISA} when this host reports no CPU cache topology and
	 * nobody chose an instruction set; call before the engine's first convolution. Runs
	 * once per process.
	 * @return what was decided, for the log and the health endpoint
	 */
	public static synchronized String guard() {
		if (decision == null) {
			decision = decide(System.getenv(ISA_VARIABLE), System.getenv("DNNL_MAX_CPU_ISA"),
					System.getProperty("os.name"), Files.isDirectory(CACHE_TOPOLOGY));
			if (decision.startsWith("capped")) {
				if (LibC.INSTANCE.setenv(ISA_VARIABLE, SAFE_ISA, 0) != 0) {
					decision = "not capped: setenv failed";
				}
				log.warn("This host reports no CPU cache sizes, on which oneDNN's AVX2 and AVX-512 convolution "
						+ "kernels compute wrong gradients; they are capped at {} ({}={}), so training is about "
						+ "half as fast. Set {} to override.", SAFE_ISA, ISA_VARIABLE, SAFE_ISA, ISA_VARIABLE);
			}
		}
		return decision;
	}

	static String decide(String chosen, String legacyChosen, String osName, boolean hasCacheTopology) {
		if (chosen != null || legacyChosen != null) {
			return "chosen by the operator: " + ((chosen != null) ? chosen : legacyChosen);
		}
		if (osName == null || !osName.toLowerCase(Locale.ROOT).contains("linux") || hasCacheTopology) {
			return "not capped";
		}
		return "capped at " + SAFE_ISA + ": the host reports no CPU cache topology";
	}

	/**
	 * Measures the float32 input and weight gradients of the convolutions that went wrong
	 * against float64 ones.
	 * @return the largest relative error, and whether it is within {@link #TOLERANCE}
	 */
	public static Check check() {
		double worst = 0;
		// Its own generator: the check must not move the engine's random stream.
		Random random = new Random(1);
		try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
			for (int[] c : CASES) {
				int out = (c[3] + 2 * c[6] - c[4]) / c[5] + 1;
				NDArray input = uniform(manager, random, 1, new Shape(c[0], c[1], c[3], c[3]));
				NDArray weight = uniform(manager, random, 0.1f, new Shape(c[2], c[1], c[4], c[4]));
				NDArray upstream = uniform(manager, random, 1, new Shape(c[0], c[2], out, out));
				NDArray[] single = gradients(input, weight, upstream, c, DataType.FLOAT32);
				NDArray[] reference = gradients(input, weight, upstream, c, DataType.FLOAT64);
				for (int i = 0; i < single.length; i++) {
					double scale = Math.max(reference[i].abs().max().getDouble(), Double.MIN_NORMAL);
					double error = single[i].toType(DataType.FLOAT64, false).sub(reference[i]).abs().max().getDouble()
							/ scale;
					worst = Double.isNaN(error) ? Double.POSITIVE_INFINITY : Math.max(worst, error);
				}
			}
		}
		return new Check(worst, worst <= TOLERANCE);
	}

	private static NDArray uniform(NDManager manager, Random random, float bound, Shape shape) {
		float[] values = new float[Math.toIntExact(shape.size())];
		for (int i = 0; i < values.length; i++) {
			values[i] = (random.nextFloat() * 2 - 1) * bound;
		}
		return manager.create(values, shape);
	}

	private static NDArray[] gradients(NDArray input, NDArray weight, NDArray upstream, int[] c, DataType type) {
		NDArray x = input.toType(type, true);
		NDArray w = weight.toType(type, true);
		x.setRequiresGradient(true);
		w.setRequiresGradient(true);
		try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
			NDArray y = Conv2d.conv2d(x, w, null, new Shape(c[5], c[5]), new Shape(c[6], c[6]), new Shape(1, 1))
				.singletonOrThrow();
			collector.backward(y.mul(upstream.toType(type, true)).sum());
			return new NDArray[] { x.getGradient().toType(DataType.FLOAT64, true),
					w.getGradient().toType(DataType.FLOAT64, true) };
		}
	}

	/**
	 * The outcome of {@link #check()}.
	 *
	 * @param relativeError the largest error of a gradient relative to its largest value
	 * @param right whether it is within {@link #TOLERANCE}
	 */
	public record Check(double relativeError, boolean right) {
	}

	private interface LibC extends Library {

		LibC INSTANCE = Native.load("c", LibC.class);

		int setenv(String name, String value, int overwrite);

	}

}
