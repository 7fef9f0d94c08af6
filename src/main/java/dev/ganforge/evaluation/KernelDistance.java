package dev.ganforge.evaluation;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Kernel Inception Distance (Binkowski et al. 2018): the unbiased estimate of the squared
 * maximum mean discrepancy with the cubic polynomial kernel
 * {@code k(x, y) = (x . y / d + 1)^3}, averaged over random subsets as torch-fidelity and
 * clean-fid compute it. Unlike FD it has an unbiased estimator, so its expectation is 0
 * for two samples of one distribution (single values may be slightly negative).
 *
 * @param mean the mean of the per-subset estimates
 * @param std their standard deviation (population, ddof 0, as torch-fidelity reports)
 * @param subsets the number of subsets
 * @param subsetSize points drawn from each set per subset
 */
public record KernelDistance(double mean, double std, int subsets, int subsetSize) {

	/** Subsets drawn by default, as in torch-fidelity and clean-fid. */
	public static final int DEFAULT_SUBSETS = 100;

	/** Largest subset by default, as in torch-fidelity and clean-fid. */
	public static final int DEFAULT_SUBSET_SIZE = 1000;

	/**
	 * Estimates KID between two sets of feature vectors.
	 * @param real the first set, at least two rows
	 * @param fake the second set, at least two rows of the same length
	 * @param subsets how many subsets to average over
	 * @param maxSubsetSize the subset size, reduced to the smaller set's size if needed
	 * @param seed the seed of the subset draws
	 * @return the estimate
	 */
	public static KernelDistance between(double[][] real, double[][] fake, int subsets, int maxSubsetSize, long seed) {
		int m = Math.min(maxSubsetSize, Math.min(real.length, fake.length));
		if (m < 2 || subsets < 1) {
			throw new IllegalArgumentException("KID needs at least two points per set and one subset");
		}
		int d = real[0].length;
		Random random = new Random(seed);
		double[] estimates = new double[subsets];
		DMatrixRMaj x = new DMatrixRMaj(m, d);
		DMatrixRMaj y = new DMatrixRMaj(m, d);
		DMatrixRMaj gram = new DMatrixRMaj(m, m);
		for (int s = 0; s < subsets; s++) {
			fill(x, real, sample(real.length, m, random));
			fill(y, fake, sample(fake.length, m, random));
			double kxx = kernelSum(x, x, gram, d, true);
			double kyy = kernelSum(y, y, gram, d, true);
			double kxy = kernelSum(x, y, gram, d, false);
			estimates[s] = kxx / ((double) m * (m - 1)) + kyy / ((double) m * (m - 1)) - 2 * kxy / ((double) m * m);
		}
		double mean = 0;
		for (double e : estimates) {
			mean += e;
		}
		mean /= subsets;
		double variance = 0;
		for (double e : estimates) {
			variance += (e - mean) * (e - mean);
		}
		return new KernelDistance(mean, Math.sqrt(variance / subsets), subsets, m);
	}

	/**
	 * Sum of the kernel over all pairs, the diagonal left out when {@code offDiagonal}.
	 */
	private static double kernelSum(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj gram, int d, boolean offDiagonal) {
		CommonOps_DDRM.multTransB(a, b, gram);
		int m = gram.numRows;
		double sum = 0;
		for (int i = 0; i < m; i++) {
			for (int j = 0; j < m; j++) {
				if (offDiagonal && i == j) {
					continue;
				}
				double k = gram.data[i * m + j] / d + 1;
				sum += k * k * k;
			}
		}
		return sum;
	}

	/** A uniform draw of {@code m} distinct indices below {@code n}. */
	private static int[] sample(int n, int m, Random random) {
		int[] indices = new int[n];
		for (int i = 0; i < n; i++) {
			indices[i] = i;
		}
		for (int i = 0; i < m; i++) {
			int j = i + random.nextInt(n - i);
			int swap = indices[i];
			indices[i] = indices[j];
			indices[j] = swap;
		}
		int[] chosen = new int[m];
		System.arraycopy(indices, 0, chosen, 0, m);
		return chosen;
	}

	private static void fill(DMatrixRMaj target, double[][] points, int[] rows) {
		int d = target.numCols;
		for (int i = 0; i < rows.length; i++) {
			System.arraycopy(points[rows[i]], 0, target.data, i * d, d);
		}
	}

}
