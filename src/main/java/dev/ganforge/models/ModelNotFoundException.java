package dev.ganforge.models;

import java.util.List;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No model of the requested name, or no model to serve as the default: 404, kind
 * {@code model-not-found}. The detail lists the models there are; the {@code available}
 * property holds their names.
 */
public class ModelNotFoundException extends ErrorResponseException {

	private static final int MAX_LISTED = 20;

	/**
	 * Creates the exception.
	 * @param requested the name asked for (any string; it is quoted safely), or null when
	 * the default model was asked for
	 * @param available the names of the models there are
	 */
	public ModelNotFoundException(String requested, List<String> available) {
		super(HttpStatus.NOT_FOUND,
				Problems.of(HttpStatus.NOT_FOUND, "model-not-found", "Model not found", detail(requested, available)),
				null);
		if (requested != null) {
			getBody().setProperty("model", Problems.quote(requested, 80));
		}
		getBody().setProperty("available", available.stream().limit(MAX_LISTED).toList());
	}

	private static String detail(String requested, List<String> available) {
		String missing = (requested != null) ? "There is no model named '" + Problems.quote(requested, 80) + "'."
				: "No model is ready to serve requests that name none.";
		if (available.isEmpty()) {
			return missing + " No models are loaded: train one, or put a model directory into the models directory.";
		}
		String names = String.join(", ", available.stream().limit(MAX_LISTED).toList());
		if (available.size() > MAX_LISTED) {
			names += " and " + (available.size() - MAX_LISTED) + " more (GET /models)";
		}
		return missing + " Available: " + names + ".";
	}

}
