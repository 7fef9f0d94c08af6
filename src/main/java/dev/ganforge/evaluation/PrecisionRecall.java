package dev.ganforge.evaluation;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Improved precision and recall (Kynkaanniemi et al. 2019, "Improved Precision and Recall
 * Metric for Assessing Generative Models"). Each set's manifold is the union of balls
 * around its points, each ball's radius the distance to that point's k-th nearest
 * neighbour in its own set (itself excluded). Precision is the fraction of generated
 * points inside the real manifold (how many samples look real); recall is the fraction of
 * real points inside the generated manifold (how much of the real variety is covered). A
 * point on a ball's boundary counts as inside.
 *
 * @param precision the fraction of generated points in the real manifold
 * @param recall the fraction of real points in the generated manifold
 * @param k the neighbour that sets the radii
 * @param realCovered for each real point, whether it lies in the generated manifold (the
 * points recall counts), for recall by class
 */
public record PrecisionRecall(double precision, double recall, int k, boolean[] realCovered) {

	/** The paper's default neighbourhood size. */
	public static final int DEFAULT_K = 3;

	private static final int BLOCK = 512;

	/**
	 * Computes precision and recall.
	 * @param real the real feature vectors, more than k
	 * @param fake the generated feature vectors, more than k
	 * @param k the neighbourhood size, at least 1
	 * @return the result
	 */
	public static PrecisionRecall of(double[][] real, double[][] fake, int k) {
		if (k < 1 || real.length <= k || fake.length <= k) {
			throw new IllegalArgumentException("k-NN manifolds need k >= 1 and more than k points per set; k " + k
					+ ", sets of " + real.length + " and " + fake.length);
		}
		DMatrixRMaj r = matrix(real);
		DMatrixRMaj f = matrix(fake);
		double[] realRadii = kthNeighbourSquaredDistances(r, k);
		double[] fakeRadii = kthNeighbourSquaredDistances(f, k);
		boolean[] realCovered = covered(r, f, fakeRadii);
		return new PrecisionRecall(share(covered(f, r, realRadii)), share(realCovered), k, realCovered);
	}

	/** Squared distance from each row to its k-th nearest other row. */
	static double[] kthNeighbourSquaredDistances(DMatrixRMaj points, int k) {
		int n = points.numRows;
		double[] radii = new double[n];
		double[] nearest = new double[k];
		forEachBlock(points, points, (row, distances) -> {
			Arrays.fill(nearest, Double.POSITIVE_INFINITY);
			for (int j = 0; j < distances.length; j++) {
				if (j == row) {
					continue;
				}
				double dist = distances[j];
				if (dist < nearest[k - 1]) {
					int i = k - 1;
					while (i > 0 && nearest[i - 1] > dist) {
						nearest[i] = nearest[i - 1];
						i--;
					}
					nearest[i] = dist;
				}
			}
			radii[row] = nearest[k - 1];
		});
		return radii;
	}

	/**
	 * Whether each query row lies inside at least one ball around the manifold's rows.
	 */
	private static boolean[] covered(DMatrixRMaj queries, DMatrixRMaj manifold, double[] squaredRadii) {
		boolean[] inside = new boolean[queries.numRows];
		forEachBlock(queries, manifold, (row, distances) -> {
			for (int j = 0; j < distances.length; j++) {
				if (distances[j] <= squaredRadii[j]) {
					inside[row] = true;
					return;
				}
			}
		});
		return inside;
	}

	private static double share(boolean[] flags) {
		int count = 0;
		for (boolean flag : flags) {
			count += flag ? 1 : 0;
		}
		return (double) count / flags.length;
	}

	/**
	 * Squared distances from every row of {@code a} to every row of {@code b}, computed a
	 * block of rows at a time as {@code |x|^2 + |y|^2 - 2 x.y} by EJML's matrix product,
	 * clamped at 0 against rounding.
	 */
	private static void forEachBlock(DMatrixRMaj a, DMatrixRMaj b, RowConsumer consumer) {
		int d = a.numCols;
		double[] normsB = squaredNorms(b);
		double[] normsA = squaredNorms(a);
		double[] distances = new double[b.numRows];
		for (int start = 0; start < a.numRows; start += BLOCK) {
			int rows = Math.min(BLOCK, a.numRows - start);
			DMatrixRMaj block = new DMatrixRMaj(rows, d);
			System.arraycopy(a.data, start * d, block.data, 0, rows * d);
			DMatrixRMaj dots = new DMatrixRMaj(rows, b.numRows);
			CommonOps_DDRM.multTransB(block, b, dots);
			for (int i = 0; i < rows; i++) {
				int row = start + i;
				for (int j = 0; j < b.numRows; j++) {
					distances[j] = Math.max(normsA[row] + normsB[j] - 2 * dots.data[i * b.numRows + j], 0);
				}
				consumer.accept(row, distances);
			}
		}
	}

	private static double[] squaredNorms(DMatrixRMaj m) {
		double[] norms = new double[m.numRows];
		for (int i = 0; i < m.numRows; i++) {
			double sum = 0;
			for (int j = 0; j < m.numCols; j++) {
				double v = m.data[i * m.numCols + j];
				sum += v * v;
			}
			norms[i] = sum;
		}
		return norms;
	}

	private static DMatrixRMaj matrix(double[][] rows) {
		DMatrixRMaj m = new DMatrixRMaj(rows.length, rows[0].length);
		for (int i = 0; i < rows.length; i++) {
			System.arraycopy(rows[i], 0, m.data, i * m.numCols, m.numCols);
		}
		return m;
	}

	@FunctionalInterface
	private interface RowConsumer {

		void accept(int row, double[] squaredDistances);

	}

}
