package dev.ganforge.nn;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DCGAN discriminator (Radford et al. 2015): strided 4x4 convolutions halve the side and
 * double the feature maps, BatchNorm on every layer but the first, LeakyReLU(0.2); a
 * final valid 4x4 convolution gives one logit per image. No fully connected layers, no
 * sigmoid: the losses work on logits. With spectral normalisation (Miyato et al. 2018)
 * every convolution's weight is divided by its spectral norm; the layers are otherwise
 * unchanged, BatchNorm included.
 *
 * <p>
 * With classes it is a projection discriminator (Miyato and Koyama 2018): the input is
 * {@code (x, y)} with y the one-hot class, and the inner product of the class's embedding
 * with the last hidden feature maps, summed over space ({@link ClassProjection}), is
 * added to the logit. The embedding is not spectrally normalised. Without classes the
 * block is exactly the unconditional one.
 */
final class DcganDiscriminator extends SequentialBlock {

	private final boolean spectralNorm;

	private final int classes;

	DcganDiscriminator(NetworkSpec spec, boolean spectralNorm) {
		this.spectralNorm = spectralNorm;
		this.classes = spec.classes();
		int stages = spec.stages();
		int width = spec.ndf();
		// input is (nc) x imageSize x imageSize
		add(convolution(width, 2, 1));
		add(Activation.leakyReluBlock(0.2f));
		// state size. (ndf) x imageSize/2 x imageSize/2
		for (int stage = 1; stage < stages; stage++) {
			width *= 2;
			add(convolution(width, 2, 1));
			add(BatchNorm.builder().build());
			add(Activation.leakyReluBlock(0.2f));
			// state size. (ndf * 2^stage) x imageSize/2^(stage+1) x imageSize/2^(stage+1)
		}
		// state size. (ndf * 2^(stages-1)) x 4 x 4
		add(convolution(1, 1, 0));
		// state size. 1 x 1 x 1, flattened to one logit per image
		add((NDList x) -> new NDList(x.singletonOrThrow().reshape(-1)));
		if (this.classes > 0) {
			// plus <embed(y), sum over 4 x 4 of the last hidden maps>
			add(new ClassProjection(this.classes));
		}
	}

	private Block convolution(int filters, int stride, int padding) {
		if (this.spectralNorm) {
			return new SpectralNormConv2d(filters, 4, stride, padding);
		}
		return Conv2d.builder()
			.setFilters(filters)
			.setKernelShape(new Shape(4, 4))
			.optStride(new Shape(stride, stride))
			.optPadding(new Shape(padding, padding))
			.optBias(false)
			.build();
	}

	@Override
	protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
			PairList<String, Object> params) {
		if (this.classes == 0) {
			return super.forwardInternal(parameterStore, inputs, training, params);
		}
		List<Block> layers = getChildren().values();
		int head = layers.size() - 3;
		NDList h = new NDList(inputs.get(0));
		for (Block layer : layers.subList(0, head)) {
			h = layer.forward(parameterStore, h, training, params);
		}
		NDList logit = layers.get(head + 1)
			.forward(parameterStore, layers.get(head).forward(parameterStore, h, training, params), training, params);
		NDArray projection = layers.get(head + 2)
			.forward(parameterStore, new NDList(h.head(), inputs.get(1)), training)
			.singletonOrThrow();
		return new NDList(logit.singletonOrThrow().add(projection));
	}

	@Override
	public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		if (this.classes == 0) {
			super.initializeChildBlocks(manager, dataType, inputShapes);
			return;
		}
		List<Block> layers = getChildren().values();
		int head = layers.size() - 3;
		Shape[] h = { inputShapes[0] };
		for (Block layer : layers.subList(0, head)) {
			layer.initialize(manager, dataType, h);
			h = layer.getOutputShapes(h);
		}
		layers.get(head).initialize(manager, dataType, h);
		layers.get(head + 1).initialize(manager, dataType, layers.get(head).getOutputShapes(h));
		layers.get(head + 2).initialize(manager, dataType, h[0], inputShapes[1]);
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputs) {
		return new Shape[] { new Shape(inputs[0].get(0)) };
	}

}
