package dev.ganforge.models;

/**
 * The model exists but could not be loaded; the message and {@link #reason()} say why.
 * Over HTTP: 409 {@code model-unavailable}, with {@code model} and {@code reason}
 * properties.
 */
public class ModelUnavailableException extends RuntimeException {

	private final String model;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param model the model's name
	 * @param reason why it failed to load
	 */
	public ModelUnavailableException(String model, String reason) {
		super("Model '" + model + "' failed to load: " + sentence(reason)
				+ " Replace its directory with a valid checkpoint; it is reloaded automatically.");
		this.model = model;
		this.reason = reason;
	}

	/**
	 * The model.
	 * @return its name
	 */
	public String model() {
		return this.model;
	}

	/**
	 * Why it failed to load.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

	private static String sentence(String reason) {
		String trimmed = reason.strip();
		return trimmed.endsWith(".") ? trimmed : trimmed + ".";
	}

}
