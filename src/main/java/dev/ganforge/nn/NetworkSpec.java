package dev.ganforge.nn;

import ai.djl.ndarray.types.Shape;

/**
 * Everything that fixes the shape of a generator/discriminator pair, in the papers'
 * names.
 *
 * @param architecture the network family
 * @param imageSize side of the square images, a power of two from 16 to 128
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param nz length of the latent vector z
 * @param ngf generator width: feature maps of G's last hidden layer (DCGAN), or the MLP's
 * base width (hidden layers 4, 8 and 16 times ngf)
 * @param ndf discriminator width, likewise
 * @param classes the number of classes of a class-conditional pair, 2 to
 * {@link #MAX_CLASSES}; 0 for an unconditional one. Conditional G takes z followed by the
 * one-hot class ({@link #latentShape}), conditional D an image and its one-hot class.
 */
public record NetworkSpec(Architecture architecture, int imageSize, int channels, int nz, int ngf, int ndf,
		int classes) {

	/** Largest accepted latent length, feature width and image side. */
	public static final int MAX_NZ = 1024;

	public static final int MAX_WIDTH = 1024;

	/** Most classes a conditional pair may have. */
	public static final int MAX_CLASSES = 1000;

	/**
	 * Validates the sizes.
	 * @throws IllegalArgumentException naming the first field out of range
	 */
	public NetworkSpec {
		if (architecture == null) {
			throw new IllegalArgumentException("architecture is required: use 'dcgan' or 'gan'");
		}
		if (imageSize < 16 || imageSize > 128 || Integer.bitCount(imageSize) != 1) {
			throw new IllegalArgumentException("imageSize must be a power of two from 16 to 128, was " + imageSize);
		}
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("channels must be 1 or 3, was " + channels);
		}
		if (nz < 1 || nz > MAX_NZ) {
			throw new IllegalArgumentException("nz must be from 1 to " + MAX_NZ + ", was " + nz);
		}
		if (ngf < 1 || ngf > MAX_WIDTH) {
			throw new IllegalArgumentException("ngf must be from 1 to " + MAX_WIDTH + ", was " + ngf);
		}
		if (ndf < 1 || ndf > MAX_WIDTH) {
			throw new IllegalArgumentException("ndf must be from 1 to " + MAX_WIDTH + ", was " + ndf);
		}
		if (classes != 0 && (classes < 2 || classes > MAX_CLASSES)) {
			throw new IllegalArgumentException(
					"classes must be 0 (unconditional) or from 2 to " + MAX_CLASSES + ", was " + classes);
		}
	}

	/**
	 * An unconditional pair.
	 * @param architecture the network family
	 * @param imageSize side of the square images
	 * @param channels 1 or 3
	 * @param nz latent length
	 * @param ngf generator width
	 * @param ndf discriminator width
	 */
	public NetworkSpec(Architecture architecture, int imageSize, int channels, int nz, int ngf, int ndf) {
		this(architecture, imageSize, channels, nz, ngf, ndf, 0);
	}

	/**
	 * The same sizes, conditioned on a number of classes.
	 * @param count the number of classes, 0 for unconditional
	 * @return the spec
	 */
	public NetworkSpec withClasses(int count) {
		return new NetworkSpec(this.architecture, this.imageSize, this.channels, this.nz, this.ngf, this.ndf, count);
	}

	/**
	 * Whether the pair is class-conditional.
	 * @return true when it has classes
	 */
	public boolean conditional() {
		return this.classes > 0;
	}

	/**
	 * Values per generator input: the latent, and the one-hot class when conditional.
	 * @return nz + classes
	 */
	public int inputLength() {
		return this.nz + this.classes;
	}

	/**
	 * The defaults of the DCGAN paper's reference code: nz 100, ngf = ndf = 64.
	 * @param architecture the network family
	 * @param imageSize side of the square images
	 * @param channels 1 or 3
	 * @return the spec
	 */
	public static NetworkSpec defaults(Architecture architecture, int imageSize, int channels) {
		return new NetworkSpec(architecture, imageSize, channels, 100, 64, 64);
	}

	/**
	 * Shape of a batch of generator inputs: latent vectors, each followed by its one-hot
	 * class when conditional ({@link #inputLength}).
	 * @param batchSize the number of latents
	 * @return (N, nz + classes, 1, 1) for DCGAN, (N, nz + classes) for the MLP
	 */
	public Shape latentShape(long batchSize) {
		int length = inputLength();
		return (this.architecture == Architecture.DCGAN) ? new Shape(batchSize, length, 1, 1)
				: new Shape(batchSize, length);
	}

	/**
	 * Shape of a batch of images.
	 * @param batchSize the number of images
	 * @return (N, channels, imageSize, imageSize)
	 */
	public Shape imageShape(long batchSize) {
		return new Shape(batchSize, channels, imageSize, imageSize);
	}

	/**
	 * Number of up-sampling (DCGAN G) or down-sampling (DCGAN D) stages between 4x4 and
	 * the image.
	 * @return log2(imageSize) - 2
	 */
	int stages() {
		return Integer.numberOfTrailingZeros(imageSize) - 2;
	}

}
