package dev.ganforge.generation;

import java.util.List;
import java.util.function.Function;

import dev.ganforge.models.LoadedModel;
import dev.ganforge.models.ModelRegistry;

import org.springframework.stereotype.Component;

/**
 * Resolves a model, builds the latents of a request for it and runs them through the
 * batching generator.
 *
 * <p>
 * A reload can unload a model between its lookup and its forward pass; the pass then
 * fails with {@link IllegalStateException} and the request is retried once against the
 * model now registered under the name, with latents rebuilt for it (its {@code nz} may
 * differ).
 */
@Component
class Sampler {

	private final ModelRegistry registry;

	private final BatchingGenerator generator;

	Sampler(ModelRegistry registry, BatchingGenerator generator) {
		this.registry = registry;
		this.generator = generator;
	}

	/**
	 * Generates images.
	 * @param modelName the model, or null for the default
	 * @param latents the request's latents for a model (may throw on invalid input)
	 * @return the images
	 */
	Samples sample(String modelName, Function<LoadedModel, List<float[]>> latents) {
		try {
			return sampleOnce(this.registry.require(modelName), latents);
		}
		catch (IllegalStateException ex) {
			return sampleOnce(this.registry.require(modelName), latents);
		}
	}

	private Samples sampleOnce(LoadedModel model, Function<LoadedModel, List<float[]>> latents) {
		List<float[]> z = latents.apply(model);
		return new Samples(model, this.generator.generate(model, LatentSpace.pack(z), z.size()), z.size());
	}

}
