package dev.ganforge.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * DCGAN discriminator (Radford et al. 2015): strided 4x4 convolutions halve the side and
 * double the feature maps, BatchNorm on every layer but the first, LeakyReLU(0.2); a
 * final valid 4x4 convolution gives one logit per image. No fully connected layers, no
 * sigmoid: the losses work on logits. With spectral normalisation (Miyato et al. 2018)
 * every convolution's weight is divided by its spectral norm; the layers are otherwise
 * unchanged, BatchNorm included.
 */
final class DcganDiscriminator extends SequentialBlock {

	private final boolean spectralNorm;

	DcganDiscriminator(NetworkSpec spec, boolean spectralNorm) {
		this.spectralNorm = spectralNorm;
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

}
