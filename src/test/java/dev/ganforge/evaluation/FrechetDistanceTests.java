package dev.ganforge.evaluation;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrechetDistanceTests {

	@Test
	void aSampleAgainstItselfIsZero() {
		double[][] points = gaussianPoints(new Random(1), 2000, 32, 3.0, 0.5);
		Gaussian fitted = Gaussian.fit(points);
		double trace = CommonOps_DDRM.trace(fitted.covariance());
		assertThat(FrechetDistance.between(fitted, fitted)).isCloseTo(0, within(1e-9 * trace));
	}

	@Test
	void diagonalGaussiansMatchTheClosedForm() {
		// For commuting covariances FD = |mu1 - mu2|^2 + sum (sqrt(a_i) - sqrt(b_i))^2.
		double[] a = { 1.0, 4.0, 0.25, 9.0 };
		double[] b = { 2.0, 1.0, 0.5, 16.0 };
		double[] muA = { 0, 1, 2, 3 };
		double[] muB = { 1, 1, 0, -3 };
		double expected = 0;
		for (int i = 0; i < a.length; i++) {
			expected += (muA[i] - muB[i]) * (muA[i] - muB[i]);
			expected += (Math.sqrt(a[i]) - Math.sqrt(b[i])) * (Math.sqrt(a[i]) - Math.sqrt(b[i]));
		}
		double actual = FrechetDistance.between(new Gaussian(muA, CommonOps_DDRM.diag(a)),
				new Gaussian(muB, CommonOps_DDRM.diag(b)));
		assertThat(actual).isCloseTo(expected, within(1e-6 * expected));
	}

	@Test
	void nonCommutingTwoByTwoGaussiansMatchTheClosedForm() {
		// For 2x2 matrices with positive eigenvalues tr(sqrt(M)) = sqrt(tr M + 2
		// sqrt(det M)), and det(S1 S2) = det S1 det S2.
		DMatrixRMaj s1 = new DMatrixRMaj(new double[][] { { 2.0, 0.8 }, { 0.8, 1.0 } });
		DMatrixRMaj s2 = new DMatrixRMaj(new double[][] { { 0.5, -0.3 }, { -0.3, 3.0 } });
		DMatrixRMaj product = new DMatrixRMaj(2, 2);
		CommonOps_DDRM.mult(s1, s2, product);
		double traceRoot = Math
			.sqrt(CommonOps_DDRM.trace(product) + 2 * Math.sqrt(CommonOps_DDRM.det(s1) * CommonOps_DDRM.det(s2)));
		double[] mu1 = { 0.5, -1.0 };
		double[] mu2 = { 2.0, 1.0 };
		double expected = 1.5 * 1.5 + 2.0 * 2.0 + CommonOps_DDRM.trace(s1) + CommonOps_DDRM.trace(s2) - 2 * traceRoot;
		double actual = FrechetDistance.between(new Gaussian(mu1, s1), new Gaussian(mu2, s2));
		assertThat(actual).isCloseTo(expected, within(1e-6 * expected));
		assertThat(FrechetDistance.between(new Gaussian(mu2, s2), new Gaussian(mu1, s1))).isCloseTo(expected,
				within(1e-6 * expected));
	}

	@Test
	void theSquareRootSquaresBackAndAFittedGaussianIsTheSampleMeanAndCovariance() {
		double[][] points = { { 1, 2 }, { 3, 4 }, { 2, 6 } };
		Gaussian g = Gaussian.fit(points);
		assertThat(g.mean()).containsExactly(new double[] { 2, 4 }, within(1e-12));
		// numpy.cov([[1, 3, 2], [2, 4, 6]]) = [[1, 1], [1, 4]]
		assertThat(g.covariance().data).containsExactly(new double[] { 1, 1, 1, 4 }, within(1e-12));
		DMatrixRMaj root = FrechetDistance.sqrtSymmetric(g.covariance());
		DMatrixRMaj square = new DMatrixRMaj(2, 2);
		CommonOps_DDRM.mult(root, root, square);
		assertThat(square.data).containsExactly(g.covariance().data, within(1e-12));
	}

	@Test
	void shiftedSamplesAreFartherThanTwoSamplesOfOneDistribution() {
		Random random = new Random(2);
		Gaussian a = Gaussian.fit(gaussianPoints(random, 2000, 8, 0, 1));
		Gaussian b = Gaussian.fit(gaussianPoints(random, 2000, 8, 0, 1));
		Gaussian shifted = Gaussian.fit(gaussianPoints(random, 2000, 8, 1, 1));
		// E|mean difference|^2 = 8 (1/2000 + 1/2000) plus a little covariance noise.
		assertThat(FrechetDistance.between(a, b)).isBetween(0.0, 0.1);
		// 8 dimensions shifted by 1: about 8.
		assertThat(FrechetDistance.between(a, shifted)).isCloseTo(8, within(0.5));
	}

	static double[][] gaussianPoints(Random random, int n, int d, double mean, double std) {
		double[][] points = new double[n][d];
		for (double[] point : points) {
			for (int j = 0; j < d; j++) {
				point[j] = mean + std * random.nextGaussian();
			}
		}
		return points;
	}

}
