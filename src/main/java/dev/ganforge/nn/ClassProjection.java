package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The projection term of a projection discriminator (Miyato and Koyama 2018, "cGANs with
 * Projection Discriminator", equation 3): the inner product of the class's embedding with
 * D's features, {@code <embed(y), phi(x)>}, added to D's unconditional logit.
 *
 * <p>
 * Takes {@code (h, y)}: h, D's last hidden feature maps of shape (N, C, H, W) or features
 * of shape (N, C), summed over space to phi(x) of shape (N, C) as the paper's ResNet D
 * does with global sum pooling; y one-hot of shape (N, classes). Returns shape (N). The
 * embedding is a WEIGHT parameter of shape (classes, C), drawn like every weight.
 */
final class ClassProjection extends AbstractBlock {

	private static final byte VERSION = 1;

	private final int classes;

	private final Parameter embedding;

	ClassProjection(int classes) {
		super(VERSION);
		if (classes < 1) {
			throw new IllegalArgumentException("Need at least one class, got " + classes);
		}
		this.classes = classes;
		this.embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT).build());
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		this.embedding.setShape(new Shape(this.classes, inputShapes[0].get(1)));
	}

	@Override
	protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
			PairList<String, Object> params) {
		NDArray h = inputs.get(0);
		NDArray y = inputs.get(1);
		NDArray phi = (h.getShape().dimension() > 2) ? h.sum(new int[] { 2, 3 }) : h;
		NDArray embedded = y.matMul(parameterStore.getValue(this.embedding, h.getDevice(), training));
		return new NDList(embedded.mul(phi).sum(new int[] { 1 }));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		return new Shape[] { new Shape(inputShapes[0].get(0)) };
	}

}
