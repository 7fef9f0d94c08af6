package dev.ganforge.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * The vanilla GAN discriminator of Goodfellow et al. 2014: a multilayer perceptron on the
 * flattened image with LeakyReLU(0.2) hidden units and one logit per image. With spectral
 * normalisation (Miyato et al. 2018) every layer's weight is divided by its spectral
 * norm.
 */
final class MlpDiscriminator extends SequentialBlock {

	MlpDiscriminator(NetworkSpec spec, boolean spectralNorm) {
		// input is nc x imageSize x imageSize, flattened
		add((NDList x) -> new NDList(x.singletonOrThrow().reshape(x.singletonOrThrow().getShape().get(0), -1)));
		for (int multiple : new int[] { 16, 8, 4 }) {
			add(linear((long) spec.ndf() * multiple, spectralNorm));
			add(Activation.leakyReluBlock(0.2f));
			// state size. ndf * multiple
		}
		add(linear(1, spectralNorm));
		// state size. 1, flattened to one logit per image
		add((NDList x) -> new NDList(x.singletonOrThrow().reshape(-1)));
	}

	private static Block linear(long units, boolean spectralNorm) {
		return spectralNorm ? new SpectralNormLinear(units) : Linear.builder().setUnits(units).build();
	}

}
