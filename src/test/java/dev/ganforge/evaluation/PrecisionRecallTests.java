package dev.ganforge.evaluation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PrecisionRecallTests {

	// Ten real points at x = 0..9 on a line: with k = 1 every radius is 1.
	private static final double[][] REAL = line(0, 1, 10);

	@Test
	void identicalSetsHaveFullPrecisionAndRecall() {
		PrecisionRecall pr = PrecisionRecall.of(REAL, REAL, 3);
		assertThat(pr.precision()).isEqualTo(1.0);
		assertThat(pr.recall()).isEqualTo(1.0);
	}

	@Test
	void halfTheSamplesOffTheRealManifoldHalvesPrecisionOnly() {
		// 0, 2, 4, 6, 8 are real; 100..108 are far away. Every fake radius (k = 1) is 2,
		// so each real point lies within 2 of a fake one.
		double[][] fake = concat(line(0, 2, 5), line(100, 2, 5));
		PrecisionRecall pr = PrecisionRecall.of(REAL, fake, 1);
		assertThat(pr.precision()).isEqualTo(0.5);
		assertThat(pr.recall()).isEqualTo(1.0);
	}

	@Test
	void droppingModesLowersRecallOnly() {
		// Fakes cover 0..4 with radius 1: reals 0..5 are covered (5 is exactly 1 from 4,
		// on the boundary), 6..9 are not.
		PrecisionRecall pr = PrecisionRecall.of(REAL, line(0, 1, 5), 1);
		assertThat(pr.precision()).isEqualTo(1.0);
		assertThat(pr.recall()).isEqualTo(0.6);
	}

	@Test
	void disjointSetsScoreZero() {
		PrecisionRecall pr = PrecisionRecall.of(REAL, line(1000, 1, 10), 3);
		assertThat(pr.precision()).isZero();
		assertThat(pr.recall()).isZero();
	}

	@Test
	void theRadiusIsTheKthNeighbourWithTheRowItselfLeftOut() {
		double[][] points = { { 0 }, { 1 }, { 3 }, { 6 } };
		PrecisionRecall pr = PrecisionRecall.of(points, points, 2);
		assertThat(pr.k()).isEqualTo(2);
		assertThat(PrecisionRecall.kthNeighbourSquaredDistances(matrix(points), 2))
			.containsExactly(new double[] { 9, 4, 9, 25 });
	}

	@Test
	void tooFewPointsForKAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> PrecisionRecall.of(REAL, line(0, 1, 3), 3));
	}

	private static org.ejml.data.DMatrixRMaj matrix(double[][] rows) {
		return new org.ejml.data.DMatrixRMaj(rows);
	}

	private static double[][] line(double start, double step, int count) {
		double[][] points = new double[count][];
		for (int i = 0; i < count; i++) {
			points[i] = new double[] { start + i * step, 0 };
		}
		return points;
	}

	private static double[][] concat(double[][] a, double[][] b) {
		double[][] all = new double[a.length + b.length][];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
