package dev.ganforge.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often a conditional model makes the class it is asked for: the share of its images
 * that the feature extractor's classifier assigns to the requested class (argmax of the
 * softmax), overall and per requested class. Real test images score the extractor's own
 * test accuracy (its manifest's {@code testAccuracy}: 91.9% at 32x32 for the shipped
 * Fashion-MNIST one), the ceiling this can be read against.
 *
 * @param overall the share of all images classified as requested
 * @param classes the class names, in the classifier's order
 * @param byClass for each class, the share of the images asked of it classified as it;
 * null for a class no image was asked of
 * @param worstClass the requested class with the lowest share
 * @param worstAccuracy its share
 */
public record ConditionalAccuracy(double overall, List<String> classes, List<Double> byClass, String worstClass,
		double worstAccuracy) {

	/**
	 * Measures the accuracy.
	 * @param classes the class names, in the classifier's order (and the model's)
	 * @param requested the class each image was asked for
	 * @param probabilities each image's class probabilities
	 * @return the accuracy
	 */
	static ConditionalAccuracy of(List<String> classes, int[] requested, double[][] probabilities) {
		int k = classes.size();
		int[] asked = new int[k];
		int[] right = new int[k];
		for (int i = 0; i < requested.length; i++) {
			asked[requested[i]]++;
			if (ClassBalance.argmax(probabilities[i]) == requested[i]) {
				right[requested[i]]++;
			}
		}
		List<Double> byClass = new ArrayList<>();
		int worst = -1;
		int total = 0;
		for (int c = 0; c < k; c++) {
			Double share = (asked[c] > 0) ? (double) right[c] / asked[c] : null;
			byClass.add(share);
			total += right[c];
			if (share != null && (worst < 0 || share < byClass.get(worst))) {
				worst = c;
			}
		}
		return new ConditionalAccuracy((double) total / requested.length, List.copyOf(classes),
				java.util.Collections.unmodifiableList(byClass), (worst >= 0) ? classes.get(worst) : null,
				(worst >= 0) ? byClass.get(worst) : 0);
	}

	/**
	 * The accuracy as a manifest records it.
	 * @return metric name to value
	 */
	Map<String, Object> manifestMetrics() {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("conditionalAccuracy", this.overall);
		metrics.put("conditionalAccuracyByClass", ClassBalance.byClass(this.classes, this.byClass));
		metrics.put("conditionalAccuracyWorstClass", this.worstClass);
		metrics.put("conditionalAccuracyWorst", this.worstAccuracy);
		return metrics;
	}

}
