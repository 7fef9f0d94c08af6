package dev.ganforge.evaluation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The body of {@code POST /models/{name}/evaluations}; every field is optional.
 *
 * @param samples generated images, and real test images, per side (default
 * {@code ganforge.evaluation.default-samples}, 5000)
 * @param seed first latent seed, image i uses seed + i (default 0)
 * @param truncation truncation psi in (0, 1] of every latent, as {@code POST /generate}
 * applies it (default 1, none): to measure a model as a client serves it
 */
record EvaluationRequest(@Min(10) @Max(10000) Integer samples, Long seed,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double truncation) {

	static final EvaluationRequest DEFAULTS = new EvaluationRequest(null, null, null);

}
