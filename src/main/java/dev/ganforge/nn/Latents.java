package dev.ganforge.nn;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Latent vectors from seeds, computed in Java so that a latent never depends on the
 * engine's global random state or on what else was sampled with it.
 *
 * <p>
 * The latent of seed {@code s} is {@code nz} successive {@link Random#nextGaussian()}
 * draws of {@code new java.util.Random(s)}: a linear congruential generator with the
 * polar method, both specified exactly by the Java SE API, so the same seed gives the
 * same z on every JVM.
 *
 * <p>
 * <b>Truncation.</b> The truncation trick with parameter psi in (0, 1] scales the latent
 * towards the mean of its prior: {@code z' = zbar + psi * (z - zbar)} with
 * {@code zbar = 0} for the standard normal prior, so {@code z'_j = (float) (psi * z_j)}
 * computed in double. This is StyleGAN's definition (Karras et al. 2019, where it is
 * applied in W) used directly in Z. It was chosen over BigGAN's resampling of large
 * components because psi = 1 is then exactly the untruncated latent, the result is
 * continuous in psi, and the cost is one multiply per component with no rejection loop.
 * Serving and evaluation both truncate here, so a model is measured as it is served.
 *
 * <p>
 * <b>Classes.</b> A conditional generator's input is the latent followed by the one-hot
 * class ({@link NetworkSpec#latentShape}), packed here by {@link #withClasses}. A seed
 * asked for without a class gets {@link #classOf}: uniform over the classes and fixed by
 * the seed, so the same request gives the same image. Truncation applies to the latent
 * only, never to the class.
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

	/**
	 * Scales a latent, or a packed batch of latents, towards the prior's mean, in place.
	 * @param z the latent values
	 * @param psi truncation in (0, 1]; 1 leaves z as it is
	 * @return z
	 * @throws IllegalArgumentException if psi is outside (0, 1]
	 */
	public static float[] truncate(float[] z, double psi) {
		requireTruncation(psi);
		if (psi != 1.0) {
			for (int j = 0; j < z.length; j++) {
				z[j] = (float) (psi * z[j]);
			}
		}
		return z;
	}

	/**
	 * Checks a truncation psi.
	 * @param psi the value
	 * @return psi
	 * @throws IllegalArgumentException if it is outside (0, 1]
	 */
	public static double requireTruncation(double psi) {
		if (!(psi > 0 && psi <= 1)) {
			throw new IllegalArgumentException("Truncation " + psi + " is out of range; use a value in (0, 1]");
		}
		return psi;
	}

	/**
	 * The class a seed draws when none is asked for: uniform over the classes, from a
	 * generator of its own ({@link SplittableRandom} of the seed), so it does not depend
	 * on the latent's draws or on anything else sampled.
	 * @param seed the latent's seed
	 * @param classes the number of classes, at least 1
	 * @return a class index in [0, classes)
	 */
	public static int classOf(long seed, int classes) {
		return new SplittableRandom(seed).nextInt(classes);
	}

	/**
	 * Generator inputs: each latent followed by its class, one-hot.
	 * @param latents count * nz values
	 * @param count number of latents
	 * @param classes one class index per latent, each in [0, classCount)
	 * @param classCount the generator's number of classes
	 * @return count * (nz + classCount) values
	 * @throws IllegalArgumentException if the lengths disagree or a class is out of range
	 */
	public static float[] withClasses(float[] latents, int count, int[] classes, int classCount) {
		if (count < 1 || latents.length % count != 0 || classes.length != count) {
			throw new IllegalArgumentException(
					latents.length + " latent values, " + classes.length + " classes for " + count + " inputs");
		}
		int nz = latents.length / count;
		int length = nz + classCount;
		float[] inputs = new float[count * length];
		for (int i = 0; i < count; i++) {
			if (classes[i] < 0 || classes[i] >= classCount) {
				throw new IllegalArgumentException("Class " + classes[i] + " is out of range 0 to " + (classCount - 1));
			}
			System.arraycopy(latents, i * nz, inputs, i * length, nz);
			inputs[i * length + nz + classes[i]] = 1f;
		}
		return inputs;
	}

	/**
	 * The inputs of consecutive seeds for a generator: truncated latents, and for a
	 * conditional one each seed's {@link #classOf} class.
	 * @param spec the generator's sizes
	 * @param firstSeed seed of the first input; input i uses {@code firstSeed + i}
	 * @param count number of inputs
	 * @param psi truncation in (0, 1]
	 * @return count * {@link NetworkSpec#inputLength} values
	 */
	public static float[] seededInputs(NetworkSpec spec, long firstSeed, int count, double psi) {
		float[] latents = truncate(gaussianBatch(firstSeed, count, spec.nz()), psi);
		if (!spec.conditional()) {
			return latents;
		}
		return withClasses(latents, count, classesOf(firstSeed, count, spec.classes()), spec.classes());
	}

	/**
	 * The {@link #classOf} classes of consecutive seeds.
	 * @param firstSeed the first seed; input i uses {@code firstSeed + i}
	 * @param count number of seeds
	 * @param classes the number of classes, at least 1
	 * @return one class index per seed
	 */
	public static int[] classesOf(long firstSeed, int count, int classes) {
		int[] drawn = new int[count];
		for (int i = 0; i < count; i++) {
			drawn[i] = classOf(firstSeed + i, classes);
		}
		return drawn;
	}

}
