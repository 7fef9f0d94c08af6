package dev.ganforge.nn;

/**
 * A reference for spectral norms in tests, independent of the engine: the largest
 * singular value of a small matrix in double precision, as the square root of the largest
 * eigenvalue of its Gram matrix, found by cyclic Jacobi rotations.
 */
public final class SingularValues {

	private SingularValues() {
	}

	/**
	 * The largest singular value of a matrix.
	 * @param values the matrix, row after row
	 * @param rows its number of rows
	 * @return the spectral norm
	 */
	public static double largest(float[] values, int rows) {
		int cols = values.length / rows;
		// The Gram matrix of the shorter side has the same non-zero eigenvalues.
		boolean byRows = rows <= cols;
		int n = byRows ? rows : cols;
		int inner = byRows ? cols : rows;
		double[][] gram = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				double sum = 0;
				for (int k = 0; k < inner; k++) {
					sum += (byRows) ? (double) values[i * cols + k] * values[j * cols + k]
							: (double) values[k * cols + i] * values[k * cols + j];
				}
				gram[i][j] = sum;
			}
		}
		return Math.sqrt(largestEigenvalue(gram));
	}

	private static double largestEigenvalue(double[][] a) {
		int n = a.length;
		for (int sweep = 0; sweep < 100; sweep++) {
			double off = 0;
			double total = 0;
			for (int p = 0; p < n; p++) {
				for (int q = 0; q < n; q++) {
					total += a[p][q] * a[p][q];
					if (p != q) {
						off += a[p][q] * a[p][q];
					}
				}
			}
			if (off <= 1e-28 * total) {
				break;
			}
			for (int p = 0; p < n - 1; p++) {
				for (int q = p + 1; q < n; q++) {
					if (a[p][q] == 0) {
						continue;
					}
					// Rotation that zeroes a[p][q] (Golub and Van Loan, Algorithm 8.5.1)
					double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
					double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
					if (theta == 0) {
						t = 1;
					}
					double c = 1 / Math.sqrt(t * t + 1);
					double s = t * c;
					for (int k = 0; k < n; k++) {
						double akp = a[k][p];
						double akq = a[k][q];
						a[k][p] = c * akp - s * akq;
						a[k][q] = s * akp + c * akq;
					}
					for (int k = 0; k < n; k++) {
						double apk = a[p][k];
						double aqk = a[q][k];
						a[p][k] = c * apk - s * aqk;
						a[q][k] = s * apk + c * aqk;
					}
				}
			}
		}
		double largest = 0;
		for (int i = 0; i < n; i++) {
			largest = Math.max(largest, a[i][i]);
		}
		return largest;
	}

}
