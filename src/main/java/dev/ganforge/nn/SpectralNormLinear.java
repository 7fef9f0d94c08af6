package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * A fully connected layer, {@code y = x W^T / sigma + b}, whose {@code (units, in)}
 * weight is divided by its spectral norm ({@link SpectralNormBlock}); the bias is not
 * normalised, as in Miyato et al. 2018. Takes {@code (N, in)} inputs.
 */
final class SpectralNormLinear extends SpectralNormBlock {

	private static final byte VERSION = 1;

	private final long units;

	SpectralNormLinear(long units) {
		super(VERSION, units, true);
		this.units = units;
	}

	@Override
	protected NDArray apply(NDArray input, NDArray normalisedWeight, NDArray biasArray) {
		return Linear.linear(input, normalisedWeight, biasArray).singletonOrThrow();
	}

	@Override
	protected void beforeInitialize(Shape... inputShapes) {
		super.beforeInitialize(inputShapes);
		if (inputShapes.length != 1 || inputShapes[0].dimension() != 2) {
			throw new IllegalArgumentException("Expected one (N, in) input but got " + inputShapes.length
					+ " shape(s), the first " + inputShapes[0]);
		}
	}

	@Override
	protected Shape weightShape(Shape inputShape) {
		return new Shape(this.units, inputShape.get(1));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		return new Shape[] { new Shape(inputShapes[0].get(0), this.units) };
	}

	@Override
	public String toString() {
		return "SpectralNormLinear(units=" + this.units + ")";
	}

}
