package dev.ganforge.evaluation;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The classifier whose penultimate activations are the feature space of the metrics: a
 * small VGG-style CNN (three 3x3 convolution stages with BatchNorm, ReLU and 2x2 max
 * pooling) on 32x32 grayscale images, then a {@link #FEATURES}-wide ReLU layer, the
 * features, and a linear layer of {@link #CLASSES} logits.
 *
 * <p>
 * It is built as two blocks, {@link #trunk()} (image to features) and {@link #head()}
 * (features to logits), so that one forward pass gives both, as the Inception network's
 * pool3 features and logits serve FID and the Inception Score.
 */
final class FeatureNet extends SequentialBlock {

	/** Side of the square input images. */
	static final int INPUT_SIZE = 32;

	/** Length of a feature vector. */
	static final int FEATURES = 128;

	/** Number of classes (Fashion-MNIST and MNIST both have ten). */
	static final int CLASSES = 10;

	/** A description of the layers, recorded in the manifest. */
	static final String ARCHITECTURE = "conv3x3(32)-bn-relu-maxpool, conv3x3(64)-bn-relu-maxpool, "
			+ "conv3x3(128)-bn-relu-maxpool, linear(128)-relu [features], dropout(0.3), linear(10)";

	private final SequentialBlock trunk = new SequentialBlock();

	private final SequentialBlock head = new SequentialBlock();

	FeatureNet() {
		// input is 1 x 32 x 32
		stage(32);
		// state size. 32 x 16 x 16
		stage(64);
		// state size. 64 x 8 x 8
		stage(128);
		// state size. 128 x 4 x 4
		this.trunk.add(Blocks.batchFlattenBlock());
		this.trunk.add(Linear.builder().setUnits(FEATURES).build());
		this.trunk.add(Activation.reluBlock());
		// state size. FEATURES: the feature vector
		this.head.add(Dropout.builder().optRate(0.3f).build());
		this.head.add(Linear.builder().setUnits(CLASSES).build());
		// state size. CLASSES logits
		add(this.trunk);
		add(this.head);
	}

	private void stage(int filters) {
		this.trunk.add(Conv2d.builder()
			.setFilters(filters)
			.setKernelShape(new Shape(3, 3))
			.optPadding(new Shape(1, 1))
			.optBias(false)
			.build());
		this.trunk.add(BatchNorm.builder().build());
		this.trunk.add(Activation.reluBlock());
		this.trunk.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
	}

	/**
	 * Images to features.
	 * @return the block
	 */
	SequentialBlock trunk() {
		return this.trunk;
	}

	/**
	 * Features to logits.
	 * @return the block
	 */
	SequentialBlock head() {
		return this.head;
	}

	/**
	 * Shape of a batch of input images.
	 * @param batchSize the number of images
	 * @return (N, 1, 32, 32)
	 */
	static Shape inputShape(long batchSize) {
		return new Shape(batchSize, 1, INPUT_SIZE, INPUT_SIZE);
	}

}
