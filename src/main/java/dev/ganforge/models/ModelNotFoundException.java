package dev.ganforge.models;

import java.util.List;

import dev.ganforge.failure.Quote;

/**
 * No model of the requested name, or no model to serve as the default. The message lists
 * the models there are. Over HTTP: 404 {@code model-not-found}, with {@code model} and
 * {@code available} properties.
 */
public class ModelNotFoundException extends RuntimeException {

	private static final int MAX_LISTED = 20;

	private final String requested;

	private final List<String> available;

	/**
	 * Creates the exception.
	 * @param requested the name asked for (any string; it is quoted safely), or null when
	 * the default model was asked for
	 * @param available the names of the models there are
	 */
	public ModelNotFoundException(String requested, List<String> available) {
		super(message(requested, available));
		this.requested = (requested != null) ? Quote.safe(requested, 80) : null;
		this.available = available.stream().limit(MAX_LISTED).toList();
	}

	/**
	 * The name asked for, quoted safely.
	 * @return the name, or null when the default model was asked for
	 */
	public String requested() {
		return this.requested;
	}

	/**
	 * The models there are.
	 * @return at most 20 names
	 */
	public List<String> available() {
		return this.available;
	}

	private static String message(String requested, List<String> available) {
		String missing = (requested != null) ? "There is no model named '" + Quote.safe(requested, 80) + "'."
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
