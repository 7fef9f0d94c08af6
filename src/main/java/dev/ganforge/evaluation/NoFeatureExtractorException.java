package dev.ganforge.evaluation;

import java.util.List;

/**
 * Quality metrics were asked for a dataset that has no trained feature extractor (an
 * image folder, synthetic shapes, or a dataset whose extractor was not shipped), so any
 * number would be meaningless. Over HTTP: 422 {@code no-feature-extractor}.
 */
public class NoFeatureExtractorException extends RuntimeException {

	private final String dataset;

	/**
	 * Creates the exception.
	 * @param dataset the dataset spec that has no extractor
	 * @param available dataset kinds that have one
	 */
	public NoFeatureExtractorException(String dataset, List<String> available) {
		super("No feature extractor for dataset " + dataset + ": quality metrics need one trained on the same data"
				+ (available.isEmpty() ? "; none is installed" : "; extractors exist for " + available)
				+ " (train one with 'ganforge train-features')");
		this.dataset = dataset;
	}

	/**
	 * The dataset that has no extractor.
	 * @return its spec
	 */
	public String dataset() {
		return this.dataset;
	}

}
