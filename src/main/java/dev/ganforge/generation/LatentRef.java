package dev.ganforge.generation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import dev.ganforge.models.LoadedModel;

/**
 * A latent given by its seed or as an explicit vector; exactly one of the two.
 *
 * @param seed the seed; its latent is {@code Latents.gaussian(seed, nz)}
 * @param vector nz finite values
 * @param classLabel for a conditional model, the class (name or index); the seed's own
 * class when absent, class 0 for an explicit vector
 */
@Schema(description = "A latent: either a seed or an explicit vector of the model's nz finite values",
		example = "{\"seed\": 7}")
record LatentRef(@Schema(description = "Seed of a standard-normal latent", example = "7") Long seed, @Schema(
		description = "Explicit latent of exactly nz finite values; an empty list counts as none") float[] vector,
		@JsonProperty("class") @Schema(
				description = "For a conditional model: the class, by name or index; the "
						+ "seed's own class when absent (class 0 for a vector). Interpolating between two classes at "
						+ "one seed walks the class embedding",
				example = "Sneaker") @Size(max = 64) String classLabel) {

	LatentRef {
		// Generated clients send an empty list for an optional array they were not given.
		vector = (vector != null && vector.length == 0) ? null : vector;
	}

	/**
	 * The latent for a model.
	 * @param model the model
	 * @param truncation applied to seeded latents; explicit vectors are used as given
	 * @param field where it sits in the request, for messages
	 * @return the generator input: nz values, followed by the one-hot class for a
	 * conditional model
	 * @throws InvalidLatentException if it is not exactly one of seed and vector, or the
	 * vector has the wrong length or a value that is not finite
	 */
	float[] resolve(LoadedModel model, double truncation, String field) {
		if ((this.seed == null) == (this.vector == null)) {
			throw new InvalidLatentException(field + " needs exactly one of 'seed' or 'vector'");
		}
		int nz = model.spec().nz();
		int classIndex = (this.classLabel != null) ? ModelClasses.resolve(model, this.classLabel, field + ".class")
				: ModelClasses.ofSeed(model, this.seed);
		if (this.seed != null) {
			return ModelClasses.input(model, LatentSpace.seeded(this.seed, nz, truncation), classIndex);
		}
		if (this.vector.length != nz) {
			throw new InvalidLatentException(field + ".vector has " + this.vector.length + " values; model "
					+ model.name() + " takes latents of nz = " + nz);
		}
		for (int j = 0; j < nz; j++) {
			if (!Float.isFinite(this.vector[j])) {
				throw new InvalidLatentException(field + ".vector[" + j + "] is " + this.vector[j]
						+ "; latent values must be finite 32-bit floats");
			}
		}
		return ModelClasses.input(model, this.vector.clone(), classIndex);
	}

}
