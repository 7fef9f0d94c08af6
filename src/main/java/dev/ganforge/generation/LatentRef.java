package dev.ganforge.generation;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.ganforge.models.LoadedModel;

/**
 * A latent given by its seed or as an explicit vector; exactly one of the two.
 *
 * @param seed the seed; its latent is {@code Latents.gaussian(seed, nz)}
 * @param vector nz finite values
 */
@Schema(description = "A latent: either a seed or an explicit vector of the model's nz finite values",
		example = "{\"seed\": 7}")
record LatentRef(@Schema(description = "Seed of a standard-normal latent", example = "7") Long seed, @Schema(
		description = "Explicit latent of exactly nz finite values; an empty list counts as none") float[] vector) {

	LatentRef {
		// Generated clients send an empty list for an optional array they were not given.
		vector = (vector != null && vector.length == 0) ? null : vector;
	}

	/**
	 * The latent for a model.
	 * @param model the model
	 * @param truncation applied to seeded latents; explicit vectors are used as given
	 * @param field where it sits in the request, for messages
	 * @return nz values
	 * @throws InvalidLatentException if it is not exactly one of seed and vector, or the
	 * vector has the wrong length or a value that is not finite
	 */
	float[] resolve(LoadedModel model, double truncation, String field) {
		if ((this.seed == null) == (this.vector == null)) {
			throw new InvalidLatentException(field + " needs exactly one of 'seed' or 'vector'");
		}
		int nz = model.spec().nz();
		if (this.seed != null) {
			return LatentSpace.seeded(this.seed, nz, truncation);
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
		return this.vector.clone();
	}

}
