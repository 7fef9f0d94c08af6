package dev.ganforge.models;

import dev.ganforge.failure.Quote;

/**
 * A request named a model with a string that cannot be a model name. Over HTTP: 400
 * {@code invalid-model-name}.
 */
public class InvalidModelNameException extends RuntimeException {

	InvalidModelNameException(String name) {
		super("'" + Quote.safe(name, 80) + "' is not a model name: names are 1 to 64 letters, digits, "
				+ "'.', '_' or '-', starting with a letter or digit.");
	}

}
