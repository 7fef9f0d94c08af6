package dev.ganforge.nn;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.ganforge.nn.TransposedConv2d.Algorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TransposedConv2d} against {@code torch.nn.ConvTranspose2d} values
 * recorded by {@code fixtures/make_conv_transpose_fixture.py}.
 */
class TransposedConv2dTests {

	private static final double FORWARD_TOLERANCE = 1e-5;

	private static final double GRADIENT_TOLERANCE = 1e-4;

	private static JsonNode fixture;

	@BeforeAll
	static void loadFixture() throws IOException {
		try (InputStream in = TransposedConv2dTests.class.getResourceAsStream("/fixtures/conv_transpose.json")) {
			assertThat(in).as("fixtures/conv_transpose.json on the test class path").isNotNull();
			fixture = JsonMapper.builder().build().readTree(in);
		}
	}

	static Stream<Arguments> fixtureCases() {
		return Stream.of(Arguments.of("k4s2p1", Algorithm.SUB_PIXEL), Arguments.of("k4s2p1", Algorithm.ZERO_INSERTION),
				Arguments.of("k4s2p1_rect", Algorithm.SUB_PIXEL), Arguments.of("k4s2p1_rect", Algorithm.ZERO_INSERTION),
				Arguments.of("k4s1p0", Algorithm.ZERO_INSERTION), Arguments.of("k3s2p1", Algorithm.ZERO_INSERTION));
	}

	@ParameterizedTest(name = "{0} via {1}")
	@MethodSource("fixtureCases")
	void matchesTorchOutputAndGradients(String name, Algorithm algorithm) {
		JsonNode torchCase = fixtureCase(name);
		try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
			NDArray input = array(manager, torchCase.get("input"));
			TransposedConv2d block = new TransposedConv2d(torchCase.get("outChannels").asInt(),
					torchCase.get("kernel").asInt(), torchCase.get("stride").asInt(), torchCase.get("padding").asInt(),
					algorithm);
			block.initialize(manager, DataType.FLOAT32, input.getShape());
			NDArray weight = weightOf(block);
			weight.set(floats(torchCase.get("weight")));
			input.setRequiresGradient(true);
			try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
				NDArray output = forward(block, manager, input, true);
				collector.backward(output.mul(array(manager, torchCase.get("upstream"))).sum());
				assertThat(maxAbsError(output, array(manager, torchCase.get("output"))))
					.isLessThanOrEqualTo(FORWARD_TOLERANCE);
				assertThat(maxAbsError(input.getGradient(), array(manager, torchCase.get("inputGrad"))))
					.isLessThanOrEqualTo(GRADIENT_TOLERANCE);
				assertThat(maxAbsError(weight.getGradient(), array(manager, torchCase.get("weightGrad"))))
					.isLessThanOrEqualTo(GRADIENT_TOLERANCE);
			}
		}
	}

	@ParameterizedTest(name = "{0} via {1}")
	@MethodSource("fixtureCases")
	void evaluationMatchesTorchWithCachedKernel(String name, Algorithm algorithm) {
		JsonNode torchCase = fixtureCase(name);
		try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
			NDArray input = array(manager, torchCase.get("input"));
			TransposedConv2d block = new TransposedConv2d(torchCase.get("outChannels").asInt(),
					torchCase.get("kernel").asInt(), torchCase.get("stride").asInt(), torchCase.get("padding").asInt(),
					algorithm);
			block.initialize(manager, DataType.FLOAT32, input.getShape());
			weightOf(block).set(floats(torchCase.get("weight")));
			NDArray expected = array(manager, torchCase.get("output"));
			for (int call = 0; call < 3; call++) {
				assertThat(maxAbsError(forward(block, manager, input, false), expected))
					.isLessThanOrEqualTo(FORWARD_TOLERANCE);
			}
		}
	}

	@Test
	void outputShapesFollowPyTorchFormula() {
		assertThat(new TransposedConv2d(512, 4, 1, 0).getOutputShapes(new Shape[] { new Shape(64, 100, 1, 1) }))
			.containsExactly(new Shape(64, 512, 4, 4));
		assertThat(new TransposedConv2d(128, 4, 2, 1).getOutputShapes(new Shape[] { new Shape(64, 256, 8, 8) }))
			.containsExactly(new Shape(64, 128, 16, 16));
		assertThat(new TransposedConv2d(4, 3, 2, 1).getOutputShapes(new Shape[] { new Shape(2, 3, 4, 6) }))
			.containsExactly(new Shape(2, 4, 7, 11));
		assertThat(new TransposedConv2d(4, 3, 1, 3).getOutputShapes(new Shape[] { new Shape(1, 2, 9, 9) }))
			.containsExactly(new Shape(1, 4, 5, 5));
	}

	@Test
	void initializesWeightInPyTorchLayoutAndProducesDeclaredShape() {
		int[][] geometries = { { 4, 2, 1 }, { 4, 1, 0 }, { 3, 2, 1 }, { 5, 3, 2 }, { 3, 1, 3 } };
		try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
			for (int[] geometry : geometries) {
				TransposedConv2d block = new TransposedConv2d(5, geometry[0], geometry[1], geometry[2]);
				Shape inputShape = new Shape(2, 3, 6, 7);
				block.initialize(manager, DataType.FLOAT32, inputShape);
				assertThat(weightOf(block).getShape()).isEqualTo(new Shape(3, 5, geometry[0], geometry[0]));
				NDArray output = forward(block, manager, manager.randomNormal(inputShape), true);
				assertThat(output.getShape()).as(block.toString())
					.isEqualTo(block.getOutputShapes(new Shape[] { inputShape })[0]);
			}
		}
	}

	@Test
	void rejectsSubPixelPathForOtherGeometries() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TransposedConv2d(4, 3, 2, 1, Algorithm.SUB_PIXEL));
		assertThatIllegalArgumentException().isThrownBy(() -> new TransposedConv2d(0, 4, 2, 1));
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void forwardPassesLeaveNoArraysWithTheModel(Algorithm algorithm) {
		try (NDManager model = Engine.getEngine("PyTorch").newBaseManager()) {
			TransposedConv2d block = new TransposedConv2d(8, 4, 2, 1, algorithm);
			Shape inputShape = new Shape(2, 6, 5, 5);
			block.initialize(model, DataType.FLOAT32, inputShape);
			NDArray weight = weightOf(block);
			assertThat(weight.getManager()).isSameAs(model);
			for (int step = 0; step < 25; step++) {
				trainingStep(block, inputShape);
			}
			assertThat(model.getManagedArrays()).singleElement().isSameAs(weight);

			for (int step = 0; step < 25; step++) {
				evaluationStep(block, inputShape);
			}
			assertThat(model.getManagedArrays()).as("weight and cached kernel").hasSize(2);

			trainingStep(block, inputShape);
			assertThat(model.getManagedArrays()).as("training pass closes the cached kernel")
				.singleElement()
				.isSameAs(weight);
		}
	}

	@Test
	void trainingPassRefreshesCachedKernel() {
		try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
			TransposedConv2d block = new TransposedConv2d(3, 4, 2, 1);
			NDArray input = manager.randomNormal(new Shape(1, 2, 4, 4));
			block.initialize(manager, DataType.FLOAT32, input.getShape());
			NDArray before = forward(block, manager, input, false);
			// An in-place edit like an optimiser update, then the training pass that
			// precedes it.
			weightOf(block).muli(2);
			forward(block, manager, input, true);
			NDArray after = forward(block, manager, input, false);
			assertThat(maxAbsError(after, before.mul(2))).isLessThanOrEqualTo(FORWARD_TOLERANCE);
		}
	}

	@Test
	void concurrentEvaluationPassesAgree() throws Exception {
		try (NDManager model = Engine.getEngine("PyTorch").newBaseManager()) {
			TransposedConv2d block = new TransposedConv2d(4, 4, 2, 1);
			Shape inputShape = new Shape(1, 3, 6, 6);
			block.initialize(model, DataType.FLOAT32, inputShape);
			float[] input = model.randomNormal(inputShape).toFloatArray();
			NDArray expected = forward(block, model, model.create(input, inputShape), true);
			ExecutorService pool = Executors.newFixedThreadPool(4);
			try {
				List<Future<Double>> errors = new ArrayList<>();
				for (int task = 0; task < 8; task++) {
					errors.add(pool.submit(() -> {
						double worst = 0;
						for (int call = 0; call < 10; call++) {
							try (NDManager request = Engine.getEngine("PyTorch").newBaseManager()) {
								NDArray output = forward(block, request, request.create(input, inputShape), false);
								worst = Math.max(worst, maxAbsError(output, expected));
							}
						}
						return worst;
					}));
				}
				for (Future<Double> error : errors) {
					assertThat(error.get()).isLessThanOrEqualTo(FORWARD_TOLERANCE);
				}
			}
			finally {
				pool.shutdown();
			}
		}
	}

	static Stream<Algorithm> algorithms() {
		return Stream.of(Algorithm.values());
	}

	private static void trainingStep(TransposedConv2d block, Shape inputShape) {
		try (NDManager batch = Engine.getEngine("PyTorch").newBaseManager();
				GradientCollector collector = batch.getEngine().newGradientCollector()) {
			NDArray input = batch.randomNormal(inputShape);
			input.setRequiresGradient(true);
			collector.backward(forward(block, batch, input, true).square().sum());
		}
	}

	private static void evaluationStep(TransposedConv2d block, Shape inputShape) {
		try (NDManager batch = Engine.getEngine("PyTorch").newBaseManager()) {
			forward(block, batch, batch.randomNormal(inputShape), false);
		}
	}

	private static NDArray forward(TransposedConv2d block, NDManager manager, NDArray input, boolean training) {
		NDArray output = block.forward(new ParameterStore(manager, false), new NDList(input), training)
			.singletonOrThrow();
		assertThat(output.getManager()).isSameAs(input.getManager());
		return output;
	}

	private static NDArray weightOf(TransposedConv2d block) {
		Parameter weight = block.getParameters().get("weight");
		return weight.getArray();
	}

	private static JsonNode fixtureCase(String name) {
		for (JsonNode torchCase : fixture.get("cases")) {
			if (torchCase.get("name").asString().equals(name)) {
				return torchCase;
			}
		}
		throw new IllegalArgumentException("No fixture case " + name);
	}

	private static NDArray array(NDManager manager, JsonNode tensor) {
		JsonNode dims = tensor.get("shape");
		long[] shape = new long[dims.size()];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = dims.get(i).asLong();
		}
		return manager.create(floats(tensor), new Shape(shape));
	}

	private static float[] floats(JsonNode tensor) {
		JsonNode data = tensor.get("data");
		float[] values = new float[data.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) data.get(i).asDouble();
		}
		return values;
	}

	private static double maxAbsError(NDArray actual, NDArray expected) {
		assertThat(actual.getShape()).isEqualTo(expected.getShape());
		return actual.sub(expected).abs().max().getFloat();
	}

}
