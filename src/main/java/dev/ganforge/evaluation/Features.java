package dev.ganforge.evaluation;

/**
 * What the feature extractor says about a set of images: one feature vector and one class
 * distribution per image.
 *
 * @param embeddings penultimate-layer activations, one row per image
 * @param probabilities softmax class probabilities p(y|x), one row per image
 */
public record Features(double[][] embeddings, double[][] probabilities) {

	/**
	 * Validates that both have one row per image.
	 */
	public Features {
		if (embeddings.length != probabilities.length) {
			throw new IllegalArgumentException(
					embeddings.length + " feature vectors but " + probabilities.length + " class distributions");
		}
	}

	/**
	 * The number of images.
	 * @return the count
	 */
	public int count() {
		return this.embeddings.length;
	}

	/**
	 * The most probable class of each image.
	 * @return one class index per image
	 */
	public int[] predictions() {
		int[] classes = new int[this.probabilities.length];
		for (int i = 0; i < classes.length; i++) {
			double[] p = this.probabilities[i];
			int best = 0;
			for (int c = 1; c < p.length; c++) {
				if (p[c] > p[best]) {
					best = c;
				}
			}
			classes[i] = best;
		}
		return classes;
	}

}
