package dev.ganforge.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;

/**
 * DCGAN generator (Radford et al. 2015, figure 1): z is projected to a 4x4 map by a
 * transposed convolution, then each stage doubles the side and halves the feature maps;
 * BatchNorm and ReLU after every layer but the last, tanh on the output. No fully
 * connected layers.
 */
final class DcganGenerator extends SequentialBlock {

	DcganGenerator(NetworkSpec spec) {
		int stages = spec.stages();
		int width = spec.ngf() << (stages - 1);
		// input is Z, going into a convolution. state size. nz x 1 x 1
		add(new TransposedConv2d(width, 4, 1, 0));
		add(BatchNorm.builder().build());
		add(Activation.reluBlock());
		// state size. (ngf * 2^(stages-1)) x 4 x 4
		for (int stage = 1; stage < stages; stage++) {
			width /= 2;
			add(new TransposedConv2d(width, 4, 2, 1));
			add(BatchNorm.builder().build());
			add(Activation.reluBlock());
			// state size. (ngf * 2^(stages-1-stage)) x 4*2^stage x 4*2^stage
		}
		// state size. ngf x imageSize/2 x imageSize/2
		add(new TransposedConv2d(spec.channels(), 4, 2, 1));
		add(Activation.tanhBlock());
		// state size. nc x imageSize x imageSize
	}

}
