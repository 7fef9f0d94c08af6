package dev.ganforge.evaluation;

import java.util.List;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Quality metrics were asked for a dataset that has no trained feature extractor (an
 * image folder, synthetic shapes, or a dataset whose extractor was not shipped), so any
 * number would be meaningless. Over HTTP: 422 {@code no-feature-extractor}.
 */
public class NoFeatureExtractorException extends ErrorResponseException {

	private final String dataset;

	/**
	 * Creates the exception.
	 * @param dataset the dataset spec that has no extractor
	 * @param available dataset kinds that have one
	 */
	public NoFeatureExtractorException(String dataset, List<String> available) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "no-feature-extractor",
				"No feature extractor", detail(dataset, available)), null);
		this.dataset = dataset;
	}

	private static String detail(String dataset, List<String> available) {
		return "No feature extractor for dataset " + dataset + ": quality metrics need one trained on the same data"
				+ (available.isEmpty() ? "; none is installed" : "; extractors exist for " + available)
				+ " (train one with 'ganforge train-features')";
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

	/**
	 * The dataset that has no extractor.
	 * @return its spec
	 */
	public String dataset() {
		return this.dataset;
	}

}
