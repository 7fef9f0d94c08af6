package dev.ganforge.evaluation;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KernelDistanceTests {

	@Test
	void isZeroInExpectationForTwoSamplesOfOneDistribution() {
		Random random = new Random(3);
		double[][] a = FrechetDistanceTests.gaussianPoints(random, 1000, 16, 0, 1);
		double[][] b = FrechetDistanceTests.gaussianPoints(random, 1000, 16, 0, 1);
		KernelDistance kid = KernelDistance.between(a, b, 50, 200, 7);
		// Unbiased: the mean over subsets is within a few standard errors of zero.
		double standardError = kid.std() / Math.sqrt(kid.subsets());
		assertThat(kid.std()).isPositive();
		assertThat(Math.abs(kid.mean())).isLessThan(4 * standardError + 1e-4);
		assertThat(kid.subsetSize()).isEqualTo(200);
	}

	@Test
	void isClearlyPositiveForShiftedSamples() {
		Random random = new Random(4);
		double[][] a = FrechetDistanceTests.gaussianPoints(random, 1000, 16, 0, 1);
		double[][] b = FrechetDistanceTests.gaussianPoints(random, 1000, 16, 0.5, 1);
		KernelDistance kid = KernelDistance.between(a, b, 50, 200, 7);
		assertThat(kid.mean()).isGreaterThan(10 * kid.std());
	}

	@Test
	void matchesABruteForceEstimateWhenTheSubsetIsTheWholeSet() {
		double[][] x = { { 1, 0 }, { 0, 1 }, { 1, 1 } };
		double[][] y = { { 2, 0 }, { 0, 0 }, { -1, 1 } };
		double kxx = 0;
		double kyy = 0;
		double kxy = 0;
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) {
				kxy += kernel(x[i], y[j]);
				if (i != j) {
					kxx += kernel(x[i], x[j]);
					kyy += kernel(y[i], y[j]);
				}
			}
		}
		double expected = kxx / 6 + kyy / 6 - 2 * kxy / 9;
		KernelDistance kid = KernelDistance.between(x, y, 3, 3, 1);
		// Every subset holds all points, in some order: the estimate does not change.
		assertThat(kid.mean()).isCloseTo(expected, within(1e-12));
		assertThat(kid.std()).isCloseTo(0, within(1e-12));
	}

	private static double kernel(double[] a, double[] b) {
		double dot = 0;
		for (int j = 0; j < a.length; j++) {
			dot += a[j] * b[j];
		}
		return Math.pow(dot / a.length + 1, 3);
	}

}
