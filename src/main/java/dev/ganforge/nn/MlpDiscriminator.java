package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The vanilla GAN discriminator of Goodfellow et al. 2014: a multilayer perceptron on the
 * flattened image with LeakyReLU(0.2) hidden units and one logit per image. With spectral
 * normalisation (Miyato et al. 2018) every layer's weight is divided by its spectral
 * norm.
 *
 * <p>
 * With classes it is the conditional discriminator of Mirza and Osindero 2014: the input
 * is {@code (x, y)} and the one-hot y is concatenated to the flattened image. (The
 * conditional MLP generator needs no code of its own: its input is already z followed by
 * the one-hot class.)
 */
final class MlpDiscriminator extends SequentialBlock {

	private final int classes;

	MlpDiscriminator(NetworkSpec spec, boolean spectralNorm) {
		this.classes = spec.classes();
		// input is nc x imageSize x imageSize, flattened (and, with classes, the one-hot
		// class after it)
		add((NDList x) -> new NDList(flatten(x)));
		for (int multiple : new int[] { 16, 8, 4 }) {
			add(linear((long) spec.ndf() * multiple, spectralNorm));
			add(Activation.leakyReluBlock(0.2f));
			// state size. ndf * multiple
		}
		add(linear(1, spectralNorm));
		// state size. 1, flattened to one logit per image
		add((NDList x) -> new NDList(x.singletonOrThrow().reshape(-1)));
	}

	private static NDArray flatten(NDList inputs) {
		NDArray x = inputs.get(0);
		NDArray flat = x.reshape(x.getShape().get(0), -1);
		return (inputs.size() > 1) ? flat.concat(inputs.get(1), 1) : flat;
	}

	private static Block linear(long units, boolean spectralNorm) {
		return spectralNorm ? new SpectralNormLinear(units) : Linear.builder().setUnits(units).build();
	}

	@Override
	public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
		super.initializeChildBlocks(manager, dataType, flatShape(inputShapes));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputs) {
		return super.getOutputShapes(flatShape(inputs));
	}

	/**
	 * Shapes as the first layer sees them: one flat vector (plus the class) per image.
	 */
	private Shape[] flatShape(Shape[] inputs) {
		if (this.classes == 0) {
			return inputs;
		}
		Shape x = inputs[0];
		return new Shape[] { new Shape(x.get(0), x.size() / x.get(0) + this.classes) };
	}

}
