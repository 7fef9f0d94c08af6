package dev.ganforge.evaluation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The body of {@code POST /models/{name}/evaluations}; every field is optional.
 *
 * @param samples generated images, and real test images, per side (default
 * {@code ganforge.evaluation.default-samples}, 5000)
 * @param seed first latent seed, image i uses seed + i (default 0)
 */
record EvaluationRequest(@Min(10) @Max(10000) Integer samples, Long seed) {

	static final EvaluationRequest DEFAULTS = new EvaluationRequest(null, null);

}
