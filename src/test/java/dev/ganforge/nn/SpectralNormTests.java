package dev.ganforge.nn;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The spectrally normalised layers against plain-Java references: the power iteration
 * finds the largest singular value, the gradient treats u and v as constants, evaluation
 * reads u without changing it, and no pass leaves arrays behind in the model's manager.
 */
class SpectralNormTests {

	private static final int OUT = 6;

	private static final int IN = 9;

	@Test
	void referenceFindsKnownSingularValues() {
		assertThat(SingularValues.largest(new float[] { 3, 0, 0, 0, -4, 0 }, 2)).isCloseTo(4, within(1e-12));
		// a b^T has the single singular value |a| |b|
		float[] a = { 1, 2, 2 };
		float[] b = { 3, 4 };
		float[] outer = new float[6];
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 2; j++) {
				outer[i * 2 + j] = a[i] * b[j];
			}
		}
		assertThat(SingularValues.largest(outer, 3)).isCloseTo(15, within(1e-9));
	}

	@Test
	void powerIterationConvergesToTheLargestSingularValue() {
		float[] w = gaussian(OUT * IN, 11);
		double reference = SingularValues.largest(w, OUT);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			SpectralNormLinear layer = linear(manager, w);
			ParameterStore store = new ParameterStore(manager, false);
			train(layer, store, manager, 1);
			float[] afterOne = effectiveWeight(layer, store, manager);
			train(layer, store, manager, 199);
			float[] converged = effectiveWeight(layer, store, manager);
			// One iteration from a random u underestimates sigma, so W / sigma is still
			// longer than 1 along its top direction; two hundred find it.
			assertThat(SingularValues.largest(afterOne, OUT)).isGreaterThan(1.001);
			assertThat(SingularValues.largest(converged, OUT)).isCloseTo(1, within(1e-5));
			assertThat(w[0] / converged[0]).isCloseTo((float) reference, within((float) (1e-5 * reference)));
			assertThat(reference).isNotCloseTo(1, within(0.5));
		}
	}

	@Test
	void gradientFlowsThroughSigmaButNotThroughThePowerIteration() {
		float[] w = gaussian(OUT * IN, 12);
		float[] x = gaussian(4 * IN, 13);
		float[] r = gaussian(4 * OUT, 14);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			SpectralNormLinear layer = linear(manager, w);
			ParameterStore store = new ParameterStore(manager, false);
			float[] uBefore = parameter(layer, "u").toFloatArray();
			float[] gradient;
			try (NDManager scope = manager.newSubManager();
					GradientCollector collector = manager.getEngine().newGradientCollector()) {
				NDArray y = layer.forward(store, new NDList(scope.create(x, new Shape(4, IN))), true)
					.singletonOrThrow();
				collector.backward(y.mul(scope.create(r, new Shape(4, OUT))).sum());
				try (NDArray g = parameter(layer, "weight").getGradient()) {
					gradient = g.toFloatArray();
				}
			}
			// v = normalize(W^T u), u' = normalize(W v), sigma = u'^T W v; with u' and v
			// constant, d(W / sigma) = dW / sigma - W <u' v^T, dW> / sigma^2, so
			// dL/dW = G / sigma - <G, W> u' v^T / sigma^2 with G = dL/d(W / sigma) = R^T
			// X.
			double[] v = normalize(multiply(w, OUT, IN, toDouble(uBefore), true));
			double[] u = normalize(multiply(w, OUT, IN, v, false));
			assertThat(parameter(layer, "u").toFloatArray()).containsExactly(toFloat(u), within(1e-6f));
			double sigma = dot(u, multiply(w, OUT, IN, v, false));
			double[] g = new double[OUT * IN];
			double gDotW = 0;
			for (int i = 0; i < OUT; i++) {
				for (int j = 0; j < IN; j++) {
					for (int n = 0; n < 4; n++) {
						g[i * IN + j] += r[n * OUT + i] * x[n * IN + j];
					}
					gDotW += g[i * IN + j] * w[i * IN + j];
				}
			}
			float[] expected = new float[OUT * IN];
			for (int i = 0; i < OUT; i++) {
				for (int j = 0; j < IN; j++) {
					expected[i * IN + j] = (float) (g[i * IN + j] / sigma - gDotW * u[i] * v[j] / (sigma * sigma));
				}
			}
			assertThat(gradient).containsExactly(expected, within(1e-4f));
		}
	}

	@Test
	void evaluationUsesTheStoredVectorAndLeavesItUnchanged() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			SpectralNormConv2d conv = new SpectralNormConv2d(4, 4, 2, 1);
			conv.setInitializer(Initializer.ONES, Parameter.Type.WEIGHT);
			conv.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 8, 8));
			float[] w = gaussian(4 * 3 * 4 * 4, 15);
			parameter(conv, "weight").set(w);
			float[] u = parameter(conv, "u").toFloatArray();
			assertThat(norm(toDouble(u))).isCloseTo(1, within(1e-6));
			ParameterStore store = new ParameterStore(manager, false);
			long arrays = manager.getManagedArrays().size();
			try (NDManager scope = manager.newSubManager()) {
				NDArray input = scope.create(gaussian(2 * 3 * 8 * 8, 16), new Shape(2, 3, 8, 8));
				NDArray output = conv.forward(store, new NDList(input), false).singletonOrThrow();
				assertThat(output.getShape()).isEqualTo(new Shape(2, 4, 4, 4));
				assertThat(conv.getOutputShapes(new Shape[] { input.getShape() })[0]).isEqualTo(output.getShape());
				// sigma from the stored u: u^T W normalize(W^T u) = |W^T u|
				double sigma = norm(multiply(w, 4, 48, toDouble(u), true));
				float[] scaled = new float[w.length];
				for (int i = 0; i < w.length; i++) {
					scaled[i] = (float) (w[i] / sigma);
				}
				NDArray expected = Conv2d
					.conv2d(input, scope.create(scaled, new Shape(4, 3, 4, 4)), null, new Shape(2, 2), new Shape(1, 1),
							new Shape(1, 1))
					.singletonOrThrow();
				assertThat(output.toFloatArray()).containsExactly(expected.toFloatArray(), within(1e-5f));
				assertThat(parameter(conv, "u").toFloatArray()).containsExactly(u);
				// A training pass moves u, and neither pass leaves arrays in the model's
				// manager.
				conv.forward(store, new NDList(input), true);
				assertThat(parameter(conv, "u").toFloatArray()).isNotEqualTo(u);
			}
			assertThat(manager.getManagedArrays()).hasSize((int) arrays);
		}
	}

	@Test
	void uIsSavedAndLoadedWithTheWeights() throws Exception {
		float[] w = gaussian(OUT * IN, 17);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			SpectralNormLinear layer = linear(manager, w);
			train(layer, new ParameterStore(manager, false), manager, 3);
			java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
			layer.saveParameters(new java.io.DataOutputStream(bytes));
			SpectralNormLinear loaded = linear(manager, new float[OUT * IN]);
			loaded.loadParameters(manager,
					new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
			assertThat(parameter(loaded, "u").toFloatArray()).containsExactly(parameter(layer, "u").toFloatArray());
			assertThat(loaded.getParameters().get("u").requiresGradient()).isFalse();
			assertThat(Networks.trainableParameterCount(loaded)).isEqualTo(OUT * IN + OUT);
		}
	}

	private static SpectralNormLinear linear(NDManager manager, float[] w) {
		SpectralNormLinear layer = new SpectralNormLinear(OUT);
		layer.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
		layer.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
		layer.initialize(manager, DataType.FLOAT32, new Shape(1, IN));
		parameter(layer, "weight").set(w);
		return layer;
	}

	private static void train(AbstractBlock layer, ParameterStore store, NDManager manager, int passes) {
		for (int i = 0; i < passes; i++) {
			try (NDManager scope = manager.newSubManager()) {
				layer.forward(store, new NDList(scope.ones(new Shape(1, IN))), true);
			}
		}
	}

	/** W / sigma, read through an evaluation pass: the identity gives (W / sigma)^T. */
	private static float[] effectiveWeight(SpectralNormLinear layer, ParameterStore store, NDManager manager) {
		try (NDManager scope = manager.newSubManager()) {
			NDArray transposed = layer.forward(store, new NDList(scope.eye(IN)), false).singletonOrThrow();
			return transposed.transpose().toFloatArray();
		}
	}

	private static NDArray parameter(AbstractBlock block, String name) {
		return block.getParameters().get(name).getArray();
	}

	private static float[] gaussian(int size, long seed) {
		Random random = new Random(seed);
		float[] values = new float[size];
		for (int i = 0; i < size; i++) {
			values[i] = (float) random.nextGaussian();
		}
		return values;
	}

	private static double[] multiply(float[] matrix, int rows, int cols, double[] vector, boolean transposed) {
		double[] result = new double[transposed ? cols : rows];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < cols; j++) {
				if (transposed) {
					result[j] += matrix[i * cols + j] * vector[i];
				}
				else {
					result[i] += matrix[i * cols + j] * vector[j];
				}
			}
		}
		return result;
	}

	private static double[] normalize(double[] vector) {
		double norm = norm(vector);
		double[] result = new double[vector.length];
		for (int i = 0; i < vector.length; i++) {
			result[i] = vector[i] / norm;
		}
		return result;
	}

	private static double norm(double[] vector) {
		return Math.sqrt(dot(vector, vector));
	}

	private static double dot(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

	private static double[] toDouble(float[] values) {
		double[] result = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			result[i] = values[i];
		}
		return result;
	}

	private static float[] toFloat(double[] values) {
		float[] result = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			result[i] = (float) values[i];
		}
		return result;
	}

}
