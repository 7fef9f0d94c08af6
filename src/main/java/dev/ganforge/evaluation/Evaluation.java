package dev.ganforge.evaluation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The quality of one set of images against a real reference, at one sample count. Numbers
 * are comparable only at equal sample counts, references and extractors.
 *
 * @param subject what was evaluated: a model's name or a dataset split
 * @param reference the real dataset split compared against
 * @param samples images on each side
 * @param seed first latent seed (image i uses seed + i); 0 for datasets
 * @param truncation the truncation psi the latents were scaled by; 1 for none and for
 * datasets
 * @param imageSize the size the images were compared at
 * @param extractor the feature extractor's name
 * @param extractorSha256 the SHA-256 of its parameters
 * @param fd Frechet distance in the extractor's feature space
 * @param kid KID, the mean over subsets
 * @param kidStd KID's standard deviation over subsets
 * @param kidSubsets number of KID subsets
 * @param kidSubsetSize points per side in each KID subset
 * @param precision k-NN precision
 * @param recall k-NN recall
 * @param k the k of precision and recall
 * @param classifierScore the classifier score of the evaluated images
 * @param referenceClassifierScore the classifier score of the reference images
 * @param seconds wall-clock seconds the evaluation took
 * @param evaluatedAt when it finished
 * @param classBalance which classes the evaluated images show, against the reference
 * @param conditionalAccuracy for a conditional model whose classes are the extractor's,
 * how often it makes the class asked for; null otherwise
 * @param classFd for such a model, the FD of each class against the real images of that
 * class; null otherwise
 */
public record Evaluation(String subject, String reference, int samples, long seed, double truncation, int imageSize,
		String extractor, String extractorSha256, double fd, double kid, double kidStd, int kidSubsets,
		int kidSubsetSize, double precision, double recall, int k, double classifierScore,
		double referenceClassifierScore, double seconds, Instant evaluatedAt, ClassBalance classBalance,
		ConditionalAccuracy conditionalAccuracy, ClassFrechetDistance classFd) {

	/**
	 * A copy with what is measured of a conditional model only.
	 * @param accuracy the accuracy
	 * @param distances the FD of each class
	 * @return the copy
	 */
	Evaluation withConditional(ConditionalAccuracy accuracy, ClassFrechetDistance distances) {
		return new Evaluation(this.subject, this.reference, this.samples, this.seed, this.truncation, this.imageSize,
				this.extractor, this.extractorSha256, this.fd, this.kid, this.kidStd, this.kidSubsets,
				this.kidSubsetSize, this.precision, this.recall, this.k, this.classifierScore,
				this.referenceClassifierScore, this.seconds, this.evaluatedAt, this.classBalance, accuracy, distances);
	}

	/**
	 * The metrics as a model manifest records them, with what makes them comparable.
	 * @return metric name to value
	 */
	public Map<String, Object> manifestMetrics() {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("fd", this.fd);
		metrics.put("kid", this.kid);
		metrics.put("kidStd", this.kidStd);
		metrics.put("precision", this.precision);
		metrics.put("recall", this.recall);
		metrics.put("k", this.k);
		metrics.put("classifierScore", this.classifierScore);
		metrics.put("samples", this.samples);
		metrics.put("seed", this.seed);
		metrics.put("truncation", this.truncation);
		metrics.put("reference", this.reference);
		metrics.put("featureExtractor", this.extractor);
		metrics.put("featureExtractorSha256", this.extractorSha256);
		metrics.put("evaluatedAt", this.evaluatedAt.toString());
		metrics.putAll(this.classBalance.manifestMetrics());
		if (this.conditionalAccuracy != null) {
			metrics.putAll(this.conditionalAccuracy.manifestMetrics());
		}
		if (this.classFd != null) {
			metrics.putAll(this.classFd.manifestMetrics());
		}
		return metrics;
	}

}
