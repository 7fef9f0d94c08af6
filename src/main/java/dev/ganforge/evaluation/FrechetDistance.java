package dev.ganforge.evaluation;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Frechet (2-Wasserstein) distance between two Gaussians, as in FID (Heusel et al.
 * 2017): {@code |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))}.
 *
 * <p>
 * The square root comes from EJML's symmetric eigendecomposition (the QR algorithm on the
 * tridiagonal form). {@code S1 S2} is not symmetric, so rather than a general square root
 * of it (scipy's {@code sqrtm}, which can return complex noise) the trace is taken from a
 * symmetric matrix with the same eigenvalues: with {@code A = S1^(1/2)}, {@code A (A S2)}
 * and {@code (A S2) A} share their eigenvalues, so
 * {@code tr((S1 S2)^(1/2)) = tr((A S2 A)^(1/2))}, and {@code A S2 A} is symmetric
 * positive semi-definite. Eigenvalues that rounding made slightly negative count as zero.
 */
public final class FrechetDistance {

	private FrechetDistance() {
	}

	/**
	 * The squared Frechet distance between two Gaussians of one dimension.
	 * @param a the first
	 * @param b the second
	 * @return the distance, 0 for equal Gaussians up to rounding
	 */
	public static double between(Gaussian a, Gaussian b) {
		if (a.dimension() != b.dimension()) {
			throw new IllegalArgumentException(
					"Gaussians of dimension " + a.dimension() + " and " + b.dimension() + " cannot be compared");
		}
		double meanTerm = 0;
		for (int j = 0; j < a.dimension(); j++) {
			double diff = a.mean()[j] - b.mean()[j];
			meanTerm += diff * diff;
		}
		DMatrixRMaj root = sqrtSymmetric(a.covariance());
		DMatrixRMaj product = new DMatrixRMaj(a.dimension(), a.dimension());
		DMatrixRMaj sandwich = new DMatrixRMaj(a.dimension(), a.dimension());
		CommonOps_DDRM.mult(root, b.covariance(), product);
		CommonOps_DDRM.mult(product, root, sandwich);
		symmetrise(sandwich);
		double traceOfRoot = 0;
		for (double eigenvalue : eigenvalues(sandwich, false).values) {
			traceOfRoot += Math.sqrt(Math.max(eigenvalue, 0));
		}
		return meanTerm + CommonOps_DDRM.trace(a.covariance()) + CommonOps_DDRM.trace(b.covariance()) - 2 * traceOfRoot;
	}

	/**
	 * The principal square root of a symmetric positive semi-definite matrix:
	 * {@code V diag(sqrt(max(lambda, 0))) V^T}.
	 * @param matrix the matrix
	 * @return its square root, symmetric
	 */
	static DMatrixRMaj sqrtSymmetric(DMatrixRMaj matrix) {
		int d = matrix.numRows;
		DMatrixRMaj copy = matrix.copy();
		symmetrise(copy);
		Eigen eigen = eigenvalues(copy, true);
		DMatrixRMaj root = new DMatrixRMaj(d, d);
		for (int k = 0; k < d; k++) {
			double s = Math.sqrt(Math.max(eigen.values[k], 0));
			DMatrixRMaj v = eigen.vectors[k];
			for (int i = 0; i < d; i++) {
				double vi = s * v.data[i];
				for (int j = 0; j < d; j++) {
					root.data[i * d + j] += vi * v.data[j];
				}
			}
		}
		return root;
	}

	private static Eigen eigenvalues(DMatrixRMaj symmetric, boolean vectors) {
		int d = symmetric.numRows;
		EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, vectors, true);
		if (!eig.decompose(symmetric.copy())) {
			throw new ArithmeticException(
					"EJML's eigendecomposition did not converge on a " + d + "x" + d + " covariance");
		}
		double[] values = new double[d];
		DMatrixRMaj[] columns = new DMatrixRMaj[d];
		for (int k = 0; k < d; k++) {
			values[k] = eig.getEigenvalue(k).getReal();
			columns[k] = vectors ? eig.getEigenVector(k) : null;
		}
		return new Eigen(values, columns);
	}

	// Rounding in products leaves a symmetric result a few ulps off symmetry; the
	// symmetric solver reads only one triangle, so make both equal first.
	private static void symmetrise(DMatrixRMaj m) {
		int d = m.numRows;
		for (int i = 0; i < d; i++) {
			for (int j = i + 1; j < d; j++) {
				double mean = 0.5 * (m.unsafe_get(i, j) + m.unsafe_get(j, i));
				m.unsafe_set(i, j, mean);
				m.unsafe_set(j, i, mean);
			}
		}
	}

	private record Eigen(double[] values, DMatrixRMaj[] vectors) {
	}

}
