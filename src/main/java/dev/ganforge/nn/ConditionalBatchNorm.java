package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Class-conditional BatchNorm (de Vries et al. 2017; the generator of SNGAN, Miyato and
 * Koyama 2018, and BigGAN): the feature maps are normalised as by BatchNorm, then scaled
 * and shifted by a gain and a bias of the image's class, {@code y . gain} and
 * {@code y . bias} for a one-hot {@code y}, instead of one gain and bias for all.
 *
 * <p>
 * Takes {@code (x, y)}: x of shape (N, C, H, W), y one-hot of shape (N, classes). The
 * normalisation's own scale and shift are fixed at 1 and 0 and need no gradient, so the
 * class's gain and bias are the only affine part. Gains are GAMMA and biases BETA
 * parameters, so {@link Networks} initialises them as the paper does BatchNorm's: N(1,
 * 0.02) and zero.
 */
final class ConditionalBatchNorm extends AbstractBlock {

	private static final byte VERSION = 1;

	/** BatchNorm's epsilon, PyTorch's and DJL's default. */
	static final float EPSILON = 1e-5f;

	private final int classes;

	private final BatchNorm normalise;

	private final Parameter gain;

	private final Parameter bias;

	ConditionalBatchNorm(int classes) {
		super(VERSION);
		if (classes < 1) {
			throw new IllegalArgumentException("Need at least one class, got " + classes);
		}
		this.classes = classes;
		this.normalise = addChildBlock("normalise",
				BatchNorm.builder().optScale(false).optCenter(false).optEpsilon(EPSILON).build());
		this.gain = addParameter(Parameter.builder().setName("gain").setType(Parameter.Type.GAMMA).build());
		this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).build());
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		long channels = inputShapes[0].get(1);
		this.gain.setShape(new Shape(this.classes, channels));
		this.bias.setShape(new Shape(this.classes, channels));
	}

	@Override
	protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		this.normalise.initialize(manager, dataType, inputShapes[0]);
		// The root's initialiser gave every GAMMA N(1, 0.02); BatchNorm's own scale,
		// which has no gradient here, must be exactly the identity.
		this.normalise.getParameters().forEach((pair) -> {
			if (pair.getValue().getType() == Parameter.Type.GAMMA) {
				pair.getValue().getArray().set(new float[(int) pair.getValue().getArray().size()]);
				pair.getValue().getArray().addi(1f);
			}
			else if (pair.getValue().getType() == Parameter.Type.BETA) {
				pair.getValue().getArray().set(new float[(int) pair.getValue().getArray().size()]);
			}
		});
	}

	@Override
	protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
			PairList<String, Object> params) {
		NDArray x = inputs.get(0);
		NDArray y = inputs.get(1);
		long n = x.getShape().get(0);
		long channels = x.getShape().get(1);
		NDArray g = y.matMul(parameterStore.getValue(this.gain, x.getDevice(), training));
		NDArray b = y.matMul(parameterStore.getValue(this.bias, x.getDevice(), training));
		if (!training) {
			return new NDList(folded(parameterStore, x, g, b));
		}
		NDArray normalised = this.normalise.forward(parameterStore, new NDList(x), training).singletonOrThrow();
		return new NDList(normalised.mul(g.reshape(n, channels, 1, 1)).add(b.reshape(n, channels, 1, 1)));
	}

	/**
	 * Inference in one pass over the feature maps, as plain BatchNorm applies its affine
	 * part: with the running statistics fixed, each image's channel is an affine map of
	 * its own, so the batch is taken as one image of N x C channels and normalised by
	 * BatchNorm's fused kernel with the running statistics repeated per image and the
	 * class's gain and bias as its scale and shift (serving throughput, issue 14 §5).
	 */
	private NDArray folded(ParameterStore parameterStore, NDArray x, NDArray g, NDArray b) {
		Shape shape = x.getShape();
		long n = shape.get(0);
		ai.djl.Device device = x.getDevice();
		NDArray mean = parameterStore.getValue(this.normalise.getParameters().get("runningMean"), device, false);
		NDArray variance = parameterStore.getValue(this.normalise.getParameters().get("runningVar"), device, false);
		NDArray images = x.reshape(new Shape(1, n * shape.get(1)).addAll(shape.slice(2)));
		return BatchNorm
			.batchNorm(images, mean.tile(n), variance.tile(n), g.reshape(-1), b.reshape(-1), 1, 0.9f, EPSILON, false)
			.singletonOrThrow()
			.reshape(shape);
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		return new Shape[] { inputShapes[0] };
	}

}
