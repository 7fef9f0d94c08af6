package dev.ganforge.nn;

import java.util.Random;

/**
 * Latent vectors from seeds, computed in Java so that a latent never depends on the
 * engine's global random state or on what else was sampled with it.
 *
 * <p>
 * The latent of seed {@code s} is {@code nz} successive {@link Random#nextGaussian()}
 * draws of {@code new java.util.Random(s)}: a linear congruential generator with the
 * polar method, both specified exactly by the Java SE API, so the same seed gives the
 * same z on every JVM.
 */
public final class Latents {

	private Latents() {
	}

	/**
	 * The standard-normal latent of one seed.
	 * @param seed the seed
	 * @param nz latent length
	 * @return nz values
	 */
	public static float[] gaussian(long seed, int nz) {
		Random random = new Random(seed);
		float[] z = new float[nz];
		for (int i = 0; i < nz; i++) {
			z[i] = (float) random.nextGaussian();
		}
		return z;
	}

	/**
	 * Latents of {@code count} consecutive seeds, packed row after row.
	 * @param firstSeed seed of the first latent; latent i uses {@code firstSeed + i}
	 * @param count number of latents
	 * @param nz latent length
	 * @return count * nz values
	 */
	public static float[] gaussianBatch(long firstSeed, int count, int nz) {
		float[] batch = new float[count * nz];
		for (int i = 0; i < count; i++) {
			System.arraycopy(gaussian(firstSeed + i, nz), 0, batch, i * nz, nz);
		}
		return batch;
	}

}
