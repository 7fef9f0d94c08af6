package dev.ganforge.evaluation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A multivariate Gaussian fitted to feature vectors: the mean and the unbiased sample
 * covariance (denominator n - 1, as numpy's {@code cov} computes it for FID).
 *
 * @param mean the mean, length d
 * @param covariance the d x d covariance, symmetric
 */
public record Gaussian(double[] mean, DMatrixRMaj covariance) {

	/**
	 * Validates the shapes.
	 */
	public Gaussian {
		if (covariance.numRows != mean.length || covariance.numCols != mean.length) {
			throw new IllegalArgumentException("A mean of length " + mean.length + " needs a " + mean.length + "x"
					+ mean.length + " covariance, not " + covariance.numRows + "x" + covariance.numCols);
		}
	}

	/**
	 * Fits a Gaussian to points.
	 * @param points at least two rows of equal length
	 * @return the Gaussian
	 */
	public static Gaussian fit(double[][] points) {
		int n = points.length;
		if (n < 2) {
			throw new IllegalArgumentException("A covariance needs at least two points, got " + n);
		}
		int d = points[0].length;
		double[] mean = new double[d];
		for (double[] point : points) {
			for (int j = 0; j < d; j++) {
				mean[j] += point[j];
			}
		}
		for (int j = 0; j < d; j++) {
			mean[j] /= n;
		}
		DMatrixRMaj centred = new DMatrixRMaj(n, d);
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < d; j++) {
				centred.unsafe_set(i, j, points[i][j] - mean[j]);
			}
		}
		DMatrixRMaj covariance = new DMatrixRMaj(d, d);
		CommonOps_DDRM.multTransA(1.0 / (n - 1), centred, centred, covariance);
		return new Gaussian(mean, covariance);
	}

	/**
	 * The dimension.
	 * @return d
	 */
	public int dimension() {
		return this.mean.length;
	}

}
