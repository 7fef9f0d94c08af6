package dev.ganforge.generation;

import java.util.ArrayList;
import java.util.List;

import dev.ganforge.nn.Latents;

/**
 * Arithmetic in a generator's latent space, all in Java and all deterministic: the same
 * inputs give the same floats on every JVM.
 *
 * <p>
 * Truncation is {@link Latents#truncate}, shared with evaluation.
 *
 * <p>
 * <b>Interpolation.</b> {@link #slerp} follows White (2016), "Sampling Generative
 * Networks": the great-circle path between the two vectors as given (not normalised),
 * {@code sin((1-t) w) / sin w * a + sin(t w) / sin w * b} with w the angle between them.
 * When {@code sin w < 1e-6} (nearly parallel or opposite vectors, or a zero vector) it
 * falls back to {@link #lerp}. Both return {@code a} exactly at t = 0 and {@code b}
 * exactly at t = 1.
 */
final class LatentSpace {

	/** Below this sine of the angle between two vectors, slerp falls back to lerp. */
	static final double PARALLEL_SINE = 1e-6;

	private LatentSpace() {
	}

	/**
	 * The latent of a seed, truncated.
	 * @param seed the seed
	 * @param nz latent length
	 * @param psi truncation in (0, 1]; 1 for none
	 * @return nz values
	 */
	static float[] seeded(long seed, int nz, double psi) {
		return Latents.truncate(Latents.gaussian(seed, nz), psi);
	}

	/**
	 * Linear interpolation {@code (1-t) a + t b}, computed in double.
	 * @param a the start
	 * @param b the end, of the same length
	 * @param t position in [0, 1]
	 * @return a new vector
	 */
	static float[] lerp(float[] a, float[] b, double t) {
		float[] z = new float[a.length];
		for (int j = 0; j < a.length; j++) {
			z[j] = (float) ((1 - t) * a[j] + t * b[j]);
		}
		return z;
	}

	/**
	 * Spherical linear interpolation between two latents.
	 * @param a the start
	 * @param b the end, of the same length
	 * @param t position in [0, 1]
	 * @return a new vector
	 */
	static float[] slerp(float[] a, float[] b, double t) {
		double dot = 0;
		double normA = 0;
		double normB = 0;
		for (int j = 0; j < a.length; j++) {
			dot += (double) a[j] * b[j];
			normA += (double) a[j] * a[j];
			normB += (double) b[j] * b[j];
		}
		double cosine = dot / Math.sqrt(normA * normB);
		double omega = Math.acos(Math.max(-1, Math.min(1, cosine)));
		double sine = Math.sin(omega);
		if (!(sine >= PARALLEL_SINE)) {
			return lerp(a, b, t);
		}
		// At t = 0 the weights are exactly 1 and 0 (x / x == 1 in IEEE arithmetic), at t
		// = 1 exactly 0 and 1, so the endpoints come back bit for bit.
		double wa = Math.sin((1 - t) * omega) / sine;
		double wb = Math.sin(t * omega) / sine;
		float[] z = new float[a.length];
		for (int j = 0; j < a.length; j++) {
			z[j] = (float) (wa * a[j] + wb * b[j]);
		}
		return z;
	}

	/**
	 * Frames through a list of keyframes: each consecutive pair is joined by
	 * {@code steps} frames at {@code t = k / (steps - 1)}; a keyframe shared by two
	 * segments appears once.
	 * @param keyframes at least two latents
	 * @param steps frames per segment, ends included, at least 2
	 * @param method slerp or lerp
	 * @return {@code (keyframes - 1) * (steps - 1) + 1} latents
	 */
	static List<float[]> path(List<float[]> keyframes, int steps, Interpolation method) {
		List<float[]> frames = new ArrayList<>();
		for (int segment = 0; segment + 1 < keyframes.size(); segment++) {
			float[] a = keyframes.get(segment);
			float[] b = keyframes.get(segment + 1);
			for (int k = (segment == 0) ? 0 : 1; k < steps; k++) {
				double t = (double) k / (steps - 1);
				frames.add((method == Interpolation.LERP) ? lerp(a, b, t) : slerp(a, b, t));
			}
		}
		return frames;
	}

	/**
	 * A weighted sum of latents, as in the DCGAN paper's vector arithmetic (Radford et
	 * al. 2015, section 6.3: smiling woman - neutral woman + neutral man), computed in
	 * double.
	 * @param vectors the latents, all of one length
	 * @param weights one weight per latent
	 * @return the sum
	 */
	static float[] combine(List<float[]> vectors, double[] weights) {
		double[] sum = new double[vectors.get(0).length];
		for (int i = 0; i < vectors.size(); i++) {
			float[] v = vectors.get(i);
			for (int j = 0; j < sum.length; j++) {
				sum[j] += weights[i] * v[j];
			}
		}
		float[] z = new float[sum.length];
		for (int j = 0; j < sum.length; j++) {
			z[j] = (float) sum[j];
		}
		return z;
	}

	/**
	 * Packs latents row after row, as the generator takes them.
	 * @param latents equal-length vectors
	 * @return the packed values
	 */
	static float[] pack(List<float[]> latents) {
		int nz = latents.get(0).length;
		float[] packed = new float[latents.size() * nz];
		for (int i = 0; i < latents.size(); i++) {
			System.arraycopy(latents.get(i), 0, packed, i * nz, nz);
		}
		return packed;
	}

	/** How to move between two latents. */
	enum Interpolation {

		/** Along the great circle (White 2016); the default. */
		SLERP,

		/** Along the straight line. */
		LERP

	}

}
