package dev.ganforge.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conditional model's FD per class: the images asked of each class against the real
 * test images labelled with it, in the same feature space as the overall FD. Each side
 * has about a tenth of the samples, so a class's FD is biased upwards against the overall
 * one and comparable only with other per-class FDs at the same sample count.
 *
 * @param classes the class names, in the classifier's order
 * @param byClass each class's FD; null for a class with fewer than two images on a side
 * @param worstClass the class with the highest FD
 * @param worst its FD
 */
public record ClassFrechetDistance(List<String> classes, List<Double> byClass, String worstClass, double worst) {

	/**
	 * Measures the FD of each class.
	 * @param classes the class names
	 * @param requested the class each generated image was asked for
	 * @param fake the generated images' embeddings
	 * @param labels the true class of each real image
	 * @param real the real images' embeddings
	 * @return the distances
	 */
	static ClassFrechetDistance of(List<String> classes, int[] requested, double[][] fake, int[] labels,
			double[][] real) {
		List<Double> byClass = new ArrayList<>();
		int worst = -1;
		for (int c = 0; c < classes.size(); c++) {
			double[][] fakeOfClass = rows(fake, requested, c);
			double[][] realOfClass = rows(real, labels, c);
			Double fd = (fakeOfClass.length < 2 || realOfClass.length < 2) ? null
					: FrechetDistance.between(Gaussian.fit(realOfClass), Gaussian.fit(fakeOfClass));
			byClass.add(fd);
			if (fd != null && (worst < 0 || fd > byClass.get(worst))) {
				worst = c;
			}
		}
		return new ClassFrechetDistance(List.copyOf(classes), Collections.unmodifiableList(byClass),
				(worst >= 0) ? classes.get(worst) : null, (worst >= 0) ? byClass.get(worst) : 0);
	}

	private static double[][] rows(double[][] points, int[] classOf, int c) {
		List<double[]> rows = new ArrayList<>();
		for (int i = 0; i < points.length; i++) {
			if (classOf[i] == c) {
				rows.add(points[i]);
			}
		}
		return rows.toArray(double[][]::new);
	}

	/**
	 * The distances as a manifest records them.
	 * @return metric name to value
	 */
	Map<String, Object> manifestMetrics() {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("fdByClass", ClassBalance.byClass(this.classes, this.byClass));
		metrics.put("fdWorstClass", this.worstClass);
		metrics.put("fdWorst", this.worst);
		return metrics;
	}

}
