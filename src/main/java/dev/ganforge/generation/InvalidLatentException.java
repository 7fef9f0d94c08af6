package dev.ganforge.generation;

/**
 * A latent vector that the model cannot take (wrong length, NaN or infinite values) or a
 * latent given both or neither as seed and vector. Over HTTP: 400 {@code invalid-latent}.
 */
public class InvalidLatentException extends RuntimeException {

	InvalidLatentException(String message) {
		super(message);
	}

}
