package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 2-D convolution without bias whose {@code (filters, Cin, kernel, kernel)} weight is
 * divided by its spectral norm ({@link SpectralNormBlock}), the weight seen as a
 * {@code filters x (Cin * kernel * kernel)} matrix as in Miyato et al. 2018. Otherwise it
 * computes what DJL's {@code Conv2d} with a square kernel, stride and padding computes.
 */
final class SpectralNormConv2d extends SpectralNormBlock {

	private static final byte VERSION = 1;

	private static final Shape UNIT = new Shape(1, 1);

	private final int filters;

	private final int kernel;

	private final int stride;

	private final int padding;

	SpectralNormConv2d(int filters, int kernel, int stride, int padding) {
		super(VERSION, filters, false);
		if (kernel < 1 || stride < 1 || padding < 0) {
			throw new IllegalArgumentException("Need kernel, stride >= 1 and padding >= 0 but got kernel=" + kernel
					+ ", stride=" + stride + ", padding=" + padding);
		}
		this.filters = filters;
		this.kernel = kernel;
		this.stride = stride;
		this.padding = padding;
	}

	@Override
	protected NDArray apply(NDArray input, NDArray normalisedWeight, NDArray biasArray) {
		return Conv2d
			.conv2d(input, normalisedWeight, biasArray, new Shape(this.stride, this.stride),
					new Shape(this.padding, this.padding), UNIT)
			.singletonOrThrow();
	}

	@Override
	protected void beforeInitialize(Shape... inputShapes) {
		super.beforeInitialize(inputShapes);
		if (inputShapes.length != 1 || inputShapes[0].dimension() != 4) {
			throw new IllegalArgumentException("Expected one (N, C, H, W) input but got " + inputShapes.length
					+ " shape(s), the first " + inputShapes[0]);
		}
	}

	@Override
	protected Shape weightShape(Shape inputShape) {
		return new Shape(this.filters, inputShape.get(1), this.kernel, this.kernel);
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape input = inputShapes[0];
		return new Shape[] {
				new Shape(input.get(0), this.filters, outputSize(input.get(2)), outputSize(input.get(3))) };
	}

	private long outputSize(long inputSize) {
		return (inputSize + 2L * this.padding - this.kernel) / this.stride + 1;
	}

	@Override
	public String toString() {
		return "SpectralNormConv2d(filters=" + this.filters + ", kernel=" + this.kernel + ", stride=" + this.stride
				+ ", padding=" + this.padding + ")";
	}

}
