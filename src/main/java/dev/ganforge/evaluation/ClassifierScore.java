package dev.ganforge.evaluation;

/**
 * A classifier score in the manner of the Inception Score (Salimans et al. 2016):
 * {@code exp(mean over x of KL(p(y|x) || p(y)))}, with p(y) the mean of p(y|x) over the
 * sample and {@code 0 log 0 = 0}. It is 1 when every image gets the same distribution and
 * reaches the number of classes when each image is confidently one class and the classes
 * are equally frequent. Computed over the whole sample in one split (the Inception Score
 * is usually averaged over ten), so it is comparable only at equal sample counts.
 */
public final class ClassifierScore {

	private ClassifierScore() {
	}

	/**
	 * The score of a set of class distributions.
	 * @param probabilities one distribution per image, each summing to 1
	 * @return the score, from 1 to the number of classes
	 */
	public static double of(double[][] probabilities) {
		int n = probabilities.length;
		if (n == 0) {
			throw new IllegalArgumentException("A classifier score needs at least one image");
		}
		int classes = probabilities[0].length;
		double[] marginal = new double[classes];
		for (double[] p : probabilities) {
			for (int c = 0; c < classes; c++) {
				marginal[c] += p[c] / n;
			}
		}
		double kl = 0;
		for (double[] p : probabilities) {
			for (int c = 0; c < classes; c++) {
				if (p[c] > 0) {
					kl += p[c] * (Math.log(p[c]) - Math.log(marginal[c]));
				}
			}
		}
		return Math.exp(kl / n);
	}

}
