package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The BatchNorm of the DCGAN blocks behaves as {@code torch.nn.BatchNorm2d} with its
 * defaults, which the PyTorch reference (bench/dcgan_reference.py) uses: in training it
 * normalises by the batch's biased variance with epsilon 1e-5 and moves the running
 * statistics 10% towards the batch's mean and unbiased variance; in eval mode, which
 * serving and evaluation use, it normalises by those running statistics. A part of issue
 * 13's parity check: a different momentum or epsilon would change every served image.
 */
class BatchNormParityTests {

	private static final int N = 4;

	private static final int C = 2;

	private static final int HW = 3;

	@Test
	void trainingAndRunningStatisticsFollowPyTorchsDefaults() {
		try (NDManager manager = NDManager.newBaseManager()) {
			BatchNorm norm = BatchNorm.builder().build();
			norm.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
			norm.initialize(manager, DataType.FLOAT32, new Shape(N, C, HW, HW));
			float[] values = new float[N * C * HW * HW];
			for (int i = 0; i < values.length; i++) {
				values[i] = (float) Math.sin(0.7 * i) * (1 + i % 5) + (((i / (HW * HW)) % C == 0) ? 3f : -2f);
			}
			NDArray x = manager.create(values, new Shape(N, C, HW, HW));
			ParameterStore store = new ParameterStore(manager, false);

			float[] trained = norm.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
			double[] runningMean = new double[C];
			double[] runningVar = new double[C];
			for (int c = 0; c < C; c++) {
				double[] channel = channel(values, c);
				double mean = mean(channel);
				double biased = variance(channel, mean) / channel.length;
				double unbiased = variance(channel, mean) / (channel.length - 1);
				for (int n = 0; n < N; n++) {
					for (int k = 0; k < HW * HW; k++) {
						int i = (n * C + c) * HW * HW + k;
						assertThat((double) trained[i]).isCloseTo((values[i] - mean) / Math.sqrt(biased + 1e-5),
								within(1e-4));
					}
				}
				runningMean[c] = 0.1 * mean;
				runningVar[c] = 0.9 * 1 + 0.1 * unbiased;
			}

			float[] served = norm.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
			for (int i = 0; i < values.length; i++) {
				int c = (i / (HW * HW)) % C;
				assertThat((double) served[i]).as("eval mode at %d", i)
					.isCloseTo((values[i] - runningMean[c]) / Math.sqrt(runningVar[c] + 1e-5), within(1e-4));
			}
		}
	}

	private static double[] channel(float[] values, int c) {
		double[] out = new double[N * HW * HW];
		for (int n = 0; n < N; n++) {
			for (int k = 0; k < HW * HW; k++) {
				out[n * HW * HW + k] = values[(n * C + c) * HW * HW + k];
			}
		}
		return out;
	}

	private static double mean(double[] xs) {
		double sum = 0;
		for (double x : xs) {
			sum += x;
		}
		return sum / xs.length;
	}

	private static double variance(double[] xs, double mean) {
		double sum = 0;
		for (double x : xs) {
			sum += (x - mean) * (x - mean);
		}
		return sum;
	}

}
