package dev.ganforge.generation;

import java.util.List;

import dev.ganforge.generation.LatentSpace.Interpolation;
import dev.ganforge.nn.Latents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatentSpaceTests {

	private static final int NZ = 100;

	@Test
	void seededIsTheDocumentedGaussianAndDeterministic() {
		assertThat(LatentSpace.seeded(42, NZ, 1.0)).containsExactly(Latents.gaussian(42, NZ));
		assertThat(LatentSpace.seeded(42, NZ, 0.7)).containsExactly(LatentSpace.seeded(42, NZ, 0.7));
		assertThat(LatentSpace.seeded(42, NZ, 1.0)).isNotEqualTo(LatentSpace.seeded(43, NZ, 1.0));
	}

	@Test
	void truncationScalesTowardsTheMean() {
		float[] z = Latents.gaussian(3, NZ);
		float[] half = LatentSpace.seeded(3, NZ, 0.5);
		for (int j = 0; j < NZ; j++) {
			assertThat(half[j]).isEqualTo((float) (0.5 * z[j]));
		}
		assertThat(norm(half)).isCloseTo(norm(z) / 2, within(1e-4));
	}

	@Test
	void slerpEndpointsAreExact() {
		float[] a = Latents.gaussian(1, NZ);
		float[] b = Latents.gaussian(2, NZ);
		assertThat(LatentSpace.slerp(a, b, 0)).containsExactly(a);
		assertThat(LatentSpace.slerp(a, b, 1)).containsExactly(b);
		assertThat(LatentSpace.lerp(a, b, 0)).containsExactly(a);
		assertThat(LatentSpace.lerp(a, b, 1)).containsExactly(b);
	}

	@Test
	void slerpKeepsTheNormOfEqualNormVectorsWhileLerpShrinksIt() {
		float[] a = unit(Latents.gaussian(1, NZ));
		float[] b = unit(Latents.gaussian(2, NZ));
		for (double t = 0; t <= 1; t += 0.125) {
			assertThat(norm(LatentSpace.slerp(a, b, t))).isCloseTo(1.0, within(1e-5));
		}
		// Nearly orthogonal in 100 dimensions: the midpoint of the chord has norm ~ 0.71.
		assertThat(norm(LatentSpace.lerp(a, b, 0.5))).isLessThan(0.85);
	}

	@Test
	void slerpFallsBackToLerpForParallelVectors() {
		float[] a = Latents.gaussian(1, NZ);
		float[] twice = new float[NZ];
		for (int j = 0; j < NZ; j++) {
			twice[j] = 2 * a[j];
		}
		assertThat(LatentSpace.slerp(a, twice, 0.5)).containsExactly(LatentSpace.lerp(a, twice, 0.5));
		assertThat(LatentSpace.slerp(new float[NZ], a, 0.25)).containsExactly(LatentSpace.lerp(new float[NZ], a, 0.25));
	}

	@Test
	void pathSharesKeyframesBetweenSegments() {
		float[] a = Latents.gaussian(1, NZ);
		float[] b = Latents.gaussian(2, NZ);
		float[] c = Latents.gaussian(3, NZ);
		List<float[]> frames = LatentSpace.path(List.of(a, b, c), 5, Interpolation.SLERP);
		assertThat(frames).hasSize(9);
		assertThat(frames.get(0)).containsExactly(a);
		assertThat(frames.get(4)).containsExactly(b);
		assertThat(frames.get(8)).containsExactly(c);
		assertThat(LatentSpace.path(List.of(a, b), 2, Interpolation.LERP)).hasSize(2);
	}

	@Test
	void arithmeticIsAWeightedSum() {
		float[] a = { 1, 2, 3 };
		float[] b = { 0.5f, 0.5f, 0.5f };
		float[] c = { -1, 0, 4 };
		assertThat(LatentSpace.combine(List.of(a, b, c), new double[] { 1, -1, 1 })).containsExactly(-0.5f, 1.5f, 6.5f);
		assertThat(LatentSpace.combine(List.of(a), new double[] { 1 })).containsExactly(a);
	}

	@Test
	void packLaysLatentsRowAfterRow() {
		assertThat(LatentSpace.pack(List.of(new float[] { 1, 2 }, new float[] { 3, 4 }))).containsExactly(1, 2, 3, 4);
	}

	private static double norm(float[] v) {
		double sum = 0;
		for (float x : v) {
			sum += (double) x * x;
		}
		return Math.sqrt(sum);
	}

	private static float[] unit(float[] v) {
		double n = norm(v);
		float[] u = new float[v.length];
		for (int j = 0; j < v.length; j++) {
			u[j] = (float) (v[j] / n);
		}
		return u;
	}

}
