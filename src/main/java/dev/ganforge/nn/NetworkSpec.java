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
 */
public record NetworkSpec(Architecture architecture, int imageSize, int channels, int nz, int ngf, int ndf) {

	/** Largest accepted latent length, feature width and image side. */
	public static final int MAX_NZ = 1024;

	public static final int MAX_WIDTH = 1024;

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
	 * Shape of a batch of latent vectors as the generator takes it.
	 * @param batchSize the number of latents
	 * @return (N, nz, 1, 1) for DCGAN, (N, nz) for the MLP
	 */
	public Shape latentShape(long batchSize) {
		return (architecture == Architecture.DCGAN) ? new Shape(batchSize, nz, 1, 1) : new Shape(batchSize, nz);
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
