package dev.ganforge.generation;

import dev.ganforge.failure.InvalidValueException;

/**
 * A generation request whose values are out of range or contradict each other, beyond
 * what bean validation checks (e.g. more frames than the model's memory allows).
 */
class InvalidGenerationRequestException extends InvalidValueException {

	InvalidGenerationRequestException(String field, String problem) {
		super(field, problem);
	}

}
