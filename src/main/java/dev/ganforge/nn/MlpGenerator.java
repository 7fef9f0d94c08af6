package dev.ganforge.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * The vanilla GAN generator of Goodfellow et al. 2014: a multilayer perceptron from z to
 * the flattened image, ReLU hidden units and a tanh output, reshaped to (N, C, H, W).
 */
final class MlpGenerator extends SequentialBlock {

	MlpGenerator(NetworkSpec spec) {
		int pixels = spec.channels() * spec.imageSize() * spec.imageSize();
		// input is z. state size. nz
		for (int multiple : new int[] { 4, 8, 16 }) {
			add(Linear.builder().setUnits((long) spec.ngf() * multiple).build());
			add(Activation.reluBlock());
			// state size. ngf * multiple
		}
		add(Linear.builder().setUnits(pixels).build());
		add(Activation.tanhBlock());
		// state size. nc * imageSize * imageSize, reshaped to nc x imageSize x imageSize
		add((NDList x) -> new NDList(
				x.singletonOrThrow().reshape(-1, spec.channels(), spec.imageSize(), spec.imageSize())));
	}

}
