package dev.ganforge.models;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The model exists but could not be loaded: 409, kind {@code model-unavailable}. The
 * detail and the {@code reason} property say why.
 */
public class ModelUnavailableException extends ErrorResponseException {

	/**
	 * Creates the exception.
	 * @param name the model's name
	 * @param reason why it failed to load
	 */
	public ModelUnavailableException(String name, String reason) {
		super(HttpStatus.CONFLICT,
				Problems.of(HttpStatus.CONFLICT, "model-unavailable", "Model unavailable",
						"Model '" + name + "' failed to load: " + sentence(reason)
								+ " Replace its directory with a valid checkpoint; it is reloaded automatically."),
				null);
		getBody().setProperty("model", name);
		getBody().setProperty("reason", reason);
	}

	private static String sentence(String reason) {
		String trimmed = reason.strip();
		return trimmed.endsWith(".") ? trimmed : trimmed + ".";
	}

}
