package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DCGAN generator (Radford et al. 2015, figure 1): z is projected to a 4x4 map by a
 * transposed convolution, then each stage doubles the side and halves the feature maps;
 * BatchNorm and ReLU after every layer but the last, tanh on the output. No fully
 * connected layers.
 *
 * <p>
 * With classes (a conditional generator) every BatchNorm is class-conditional
 * ({@link ConditionalBatchNorm}): the class enters as a per-class gain and bias of each
 * layer's feature maps, as in SNGAN and BigGAN, rather than once, concatenated to z. The
 * input is then z followed by the one-hot class, (N, nz + classes, 1, 1)
 * ({@link NetworkSpec#latentShape}); the layers are otherwise the same, and without
 * classes the block is exactly the unconditional one.
 */
final class DcganGenerator extends SequentialBlock {

	private final int nz;

	private final int classes;

	DcganGenerator(NetworkSpec spec) {
		this.nz = spec.nz();
		this.classes = spec.classes();
		int stages = spec.stages();
		int width = spec.ngf() << (stages - 1);
		// input is Z, going into a convolution. state size. nz x 1 x 1
		add(new TransposedConv2d(width, 4, 1, 0));
		add(normalisation());
		add(Activation.reluBlock());
		// state size. (ngf * 2^(stages-1)) x 4 x 4
		for (int stage = 1; stage < stages; stage++) {
			width /= 2;
			add(new TransposedConv2d(width, 4, 2, 1));
			add(normalisation());
			add(Activation.reluBlock());
			// state size. (ngf * 2^(stages-1-stage)) x 4*2^stage x 4*2^stage
		}
		// state size. ngf x imageSize/2 x imageSize/2
		add(new TransposedConv2d(spec.channels(), 4, 2, 1));
		add(Activation.tanhBlock());
		// state size. nc x imageSize x imageSize
	}

	private Block normalisation() {
		return (this.classes > 0) ? new ConditionalBatchNorm(this.classes) : BatchNorm.builder().build();
	}

	@Override
	protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
			PairList<String, Object> params) {
		if (this.classes == 0) {
			return super.forwardInternal(parameterStore, inputs, training, params);
		}
		NDArray packed = inputs.singletonOrThrow();
		long n = packed.getShape().get(0);
		NDArray y = packed.get(":, " + this.nz + ":").reshape(n, this.classes);
		NDList x = new NDList(packed.get(":, :" + this.nz));
		for (Block child : getChildren().values()) {
			x = (child instanceof ConditionalBatchNorm)
					? child.forward(parameterStore, new NDList(x.head(), y), training)
					: child.forward(parameterStore, x, training, params);
		}
		return x;
	}

	@Override
	public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		if (this.classes == 0) {
			super.initializeChildBlocks(manager, dataType, inputShapes);
			return;
		}
		Shape y = new Shape(inputShapes[0].get(0), this.classes);
		Shape[] shapes = { latentOnly(inputShapes[0]) };
		for (Block child : getChildren().values()) {
			Shape[] in = (child instanceof ConditionalBatchNorm) ? new Shape[] { shapes[0], y } : shapes;
			child.initialize(manager, dataType, in);
			shapes = child.getOutputShapes(in);
		}
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputs) {
		if (this.classes == 0) {
			return super.getOutputShapes(inputs);
		}
		Shape y = new Shape(inputs[0].get(0), this.classes);
		Shape[] shapes = { latentOnly(inputs[0]) };
		for (Block child : getChildren().values()) {
			shapes = child
				.getOutputShapes((child instanceof ConditionalBatchNorm) ? new Shape[] { shapes[0], y } : shapes);
		}
		return shapes;
	}

	private Shape latentOnly(Shape packed) {
		return new Shape(packed.get(0), this.nz, 1, 1);
	}

}
