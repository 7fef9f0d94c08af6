package dev.ganforge.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which classes a set of images shows, by the feature extractor's classifier: the class
 * histogram of the generated images and its entropy, the same for the real reference, and
 * per-class recall. Both sides are classified by the same network, so its mistakes count
 * alike on both, and a class's real share is that of the real images it assigns to the
 * class (about a tenth each for Fashion-MNIST's test split).
 *
 * @param classes the class names, in the classifier's order
 * @param counts generated images assigned to each class (argmax of the softmax)
 * @param entropyBits the entropy of the generated class shares, in bits; log2(10) = 3.32
 * is ten classes equally often
 * @param referenceEntropyBits the same for the real reference
 * @param shareRatios each class's generated share divided by its real share (1 is
 * balanced; 0 is a class never made; null for a class the reference lacks)
 * @param recallByClass for each class, the share of the real images assigned to it that
 * lie inside the generated manifold (precision/recall's k-NN balls); null where recall
 * was not computed
 * @param worstClass the class with the lowest share ratio; null if the reference has none
 * @param worstShareRatio its share ratio, or null
 */
public record ClassBalance(List<String> classes, List<Integer> counts, double entropyBits, double referenceEntropyBits,
		List<Double> shareRatios, List<Double> recallByClass, String worstClass, Double worstShareRatio) {

	/**
	 * Measures the balance.
	 * @param classes the class names, as many as the probabilities have columns
	 * @param fake the generated images' class probabilities
	 * @param real the real images' class probabilities
	 * @param realCovered for each real image whether the generated manifold covers it, or
	 * null to leave per-class recall out
	 * @return the balance
	 */
	static ClassBalance of(List<String> classes, double[][] fake, double[][] real, boolean[] realCovered) {
		int k = classes.size();
		int[] fakeCounts = histogram(fake, k);
		int[] realCounts = histogram(real, k);
		List<Double> ratios = new ArrayList<>();
		int worst = -1;
		for (int c = 0; c < k; c++) {
			double realShare = (double) realCounts[c] / real.length;
			Double ratio = (realShare > 0) ? ((double) fakeCounts[c] / fake.length) / realShare : null;
			ratios.add(ratio);
			if (realShare > 0 && (worst < 0 || ratio < ratios.get(worst))) {
				worst = c;
			}
		}
		List<Double> recall = null;
		if (realCovered != null) {
			int[] covered = new int[k];
			for (int i = 0; i < real.length; i++) {
				if (realCovered[i]) {
					covered[argmax(real[i])]++;
				}
			}
			recall = new ArrayList<>();
			for (int c = 0; c < k; c++) {
				recall.add((realCounts[c] > 0) ? (double) covered[c] / realCounts[c] : null);
			}
		}
		List<Integer> counts = new ArrayList<>();
		for (int count : fakeCounts) {
			counts.add(count);
		}
		return new ClassBalance(List.copyOf(classes), counts, entropyBits(fakeCounts, fake.length),
				entropyBits(realCounts, real.length), ratios, recall, (worst >= 0) ? classes.get(worst) : null,
				(worst >= 0) ? ratios.get(worst) : null);
	}

	/**
	 * The class names a classifier with {@code count} outputs has for a dataset.
	 * @param names the dataset's names, or empty when it has none
	 * @param count the classifier's classes
	 * @return the names, or {@code "0"}, {@code "1"}, ... when they do not fit
	 */
	static List<String> names(List<String> names, int count) {
		if (names.size() == count) {
			return names;
		}
		List<String> numbered = new ArrayList<>();
		for (int c = 0; c < count; c++) {
			numbered.add(Integer.toString(c));
		}
		return numbered;
	}

	/**
	 * The balance as a manifest records it: counts, share ratios and recall keyed by
	 * class name.
	 * @return metric name to value
	 */
	public Map<String, Object> manifestMetrics() {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("classEntropyBits", this.entropyBits);
		metrics.put("referenceClassEntropyBits", this.referenceEntropyBits);
		if (this.worstClass != null) {
			metrics.put("worstClass", this.worstClass);
			metrics.put("worstClassShareRatio", this.worstShareRatio);
		}
		metrics.put("classCounts", countsByClass());
		metrics.put("classShareRatios", byClass(this.shareRatios));
		if (this.recallByClass != null) {
			metrics.put("recallByClass", byClass(this.recallByClass));
		}
		return metrics;
	}

	/**
	 * The generated images per class.
	 * @return class name to count, in the classifier's order
	 */
	public Map<String, Integer> countsByClass() {
		return byClass(this.counts);
	}

	private <T> Map<String, T> byClass(List<T> values) {
		return byClass(this.classes, values);
	}

	/**
	 * Values keyed by class name, in the classifier's order, as manifests record them.
	 * @param <T> the values' type
	 * @param classes the class names
	 * @param values one value per class
	 * @return class name to value
	 */
	static <T> Map<String, T> byClass(List<String> classes, List<T> values) {
		Map<String, T> map = new LinkedHashMap<>();
		for (int c = 0; c < classes.size(); c++) {
			map.put(classes.get(c), values.get(c));
		}
		return map;
	}

	private static int[] histogram(double[][] probabilities, int k) {
		int[] counts = new int[k];
		for (double[] p : probabilities) {
			counts[argmax(p)]++;
		}
		return counts;
	}

	/**
	 * The class the classifier gives an image: the argmax of its softmax.
	 * @param p the image's class probabilities
	 * @return the class index
	 */
	static int argmax(double[] p) {
		int best = 0;
		for (int c = 1; c < p.length; c++) {
			if (p[c] > p[best]) {
				best = c;
			}
		}
		return best;
	}

	private static double entropyBits(int[] counts, int total) {
		double h = 0;
		for (int count : counts) {
			if (count > 0) {
				double p = (double) count / total;
				h -= p * Math.log(p) / Math.log(2);
			}
		}
		return h;
	}

}
