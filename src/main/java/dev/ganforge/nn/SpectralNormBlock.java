package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A layer whose weight is divided by its spectral norm, the largest singular value
 * {@code sigma} of the weight seen as a matrix of {@code out} rows (Miyato et al. 2018,
 * "Spectral Normalization for Generative Adversarial Networks"). This bounds the layer's
 * Lipschitz constant by one, which keeps a discriminator's gradients from exploding.
 *
 * <p>
 * {@code sigma} is estimated by power iteration with a persistent vector {@code u} of
 * length {@code out}, a random direction (N(0, 1) draws, normalised) drawn in Java when
 * the block is initialised: from the run's seed by {@link Networks}, from a fixed seed
 * for a block initialised on its own. Each training forward does one iteration (the
 * paper's Algorithm 1), {@code v = normalize(W^T u)}, {@code u = normalize(W v)}, and
 * stores the new {@code u} in place; {@code sigma = u^T W v}. {@code u} and {@code v} are
 * constants for the gradient: it flows through {@code W} in both {@code W} and
 * {@code sigma}, never through the iteration. An evaluation forward computes {@code v}
 * and {@code sigma} from the stored {@code u} and leaves it unchanged.
 *
 * <p>
 * {@code u} is a parameter that needs no gradient (like BatchNorm's running statistics),
 * so it is saved and loaded with the weights and a resumed run continues exactly. As in
 * {@link TransposedConv2d}, every intermediate array is closed before {@code forward}
 * returns and the output belongs to the input's manager. Evaluation passes may run
 * concurrently; they must not overlap a training pass of the same block.
 */
abstract class SpectralNormBlock extends AbstractBlock {

	// F.normalize's default: v / max(|v|, eps)
	private static final double EPSILON = 1e-12;

	private static final NDIndex ALL = new NDIndex(":");

	private final Parameter weight;

	private final Parameter bias;

	private final Parameter u;

	private final long out;

	SpectralNormBlock(byte version, long out, boolean withBias) {
		super(version);
		if (out < 1) {
			throw new IllegalArgumentException("Need at least one output, got " + out);
		}
		this.out = out;
		this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
		this.bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build())
				: null;
		this.u = addParameter(Parameter.builder()
			.setName("u")
			.setType(Parameter.Type.OTHER)
			.optRequiresGrad(false)
			.optShape(new Shape(out))
			.optInitializer(InitialValues.forNetwork(0, 0).unitVector())
			.build());
	}

	/**
	 * Applies the layer with its normalised weight.
	 * @param input the input
	 * @param normalisedWeight {@code W / sigma}, in the weight's shape
	 * @param biasArray the bias, or null without one
	 * @return the output
	 */
	protected abstract NDArray apply(NDArray input, NDArray normalisedWeight, NDArray biasArray);

	@Override
	protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
			PairList<String, Object> params) {
		NDArray input = inputs.singletonOrThrow();
		// Outside the scope below: the store may create a per-device copy it keeps.
		NDArray weightArray = parameterStore.getValue(this.weight, input.getDevice(), training);
		NDArray biasArray = parameterStore.getValue(this.bias, input.getDevice(), training);
		NDArray uArray = parameterStore.getValue(this.u, input.getDevice(), training);
		NDArray output;
		try (NDScope scope = new NDScope()) {
			NDArray normalised = weightArray.div(sigma(weightArray, uArray, training));
			output = apply(input, normalised, biasArray);
			NDScope.unregister(output);
		}
		if (output.getManager() != input.getManager()) {
			output.attach(input.getManager());
		}
		// Hand the output to the caller's scope, if there is one, as a plain op would.
		NDScope.register(output);
		return new NDList(output);
	}

	/**
	 * The spectral norm estimate {@code u^T W v}, a scalar that carries the gradient to
	 * {@code W}; in training mode after one power iteration that updates {@code u}.
	 */
	private NDArray sigma(NDArray weightArray, NDArray uArray, boolean training) {
		NDArray matrix = weightArray.reshape(this.out, -1);
		NDArray constant = matrix.stopGradient();
		NDArray left = uArray;
		NDArray right = normalize(constant.transpose().matMul(left));
		if (training) {
			left = normalize(constant.matMul(right));
			uArray.set(ALL, left);
		}
		return left.mul(matrix.matMul(right)).sum();
	}

	private static NDArray normalize(NDArray vector) {
		return vector.normalize(2, 0, EPSILON);
	}

	/**
	 * Whether a parameter is a layer's power iteration vector {@code u}, for
	 * {@link Networks} to give it an initializer.
	 * @param parameter a parameter of a network
	 * @return true for {@code u}
	 */
	static boolean isPowerIterationVector(Parameter parameter) {
		return parameter.getType() == Parameter.Type.OTHER && "u".equals(parameter.getName());
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		this.weight.setShape(weightShape(inputShapes[0]));
		if (this.bias != null) {
			this.bias.setShape(new Shape(this.out));
		}
	}

	/**
	 * The weight's shape for an input shape.
	 * @param inputShape the input's shape
	 * @return the shape, {@code out} first
	 */
	protected abstract Shape weightShape(Shape inputShape);

}
