package dev.ganforge.jobs;

import dev.ganforge.failure.Quote;

/**
 * A job asked to publish under a model name that a model or another active job holds.
 * Over HTTP: 409 {@code model-exists}.
 */
public class ModelNameTakenException extends RuntimeException {

	ModelNameTakenException(String name, String holder) {
		super("The model name '" + Quote.safe(name, 80) + "' is taken by " + holder
				+ "; choose another modelName, or delete the model first.");
	}

}
