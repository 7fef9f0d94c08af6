package dev.ganforge.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ganforge.checkpoint.Manifest;

/**
 * One model in the models directory as clients see it. The manifest's fields are null
 * when a FAILED model's manifest itself could not be read.
 *
 * @param name the model's name, its directory's name
 * @param status READY or FAILED
 * @param reason why it failed to load; null when READY
 * @param step training steps behind it: its version
 * @param architecture {@code dcgan} or {@code gan}
 * @param imageSize side of the square images
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param nz latent length
 * @param dataset the dataset it was trained on
 * @param createdAt when the checkpoint was written
 * @param metrics quality metrics when known, possibly empty
 * @param isDefault whether it serves requests that name no model
 * @param classes the classes of a conditional model, in index order, which
 * {@code POST /generate} takes as {@code class}; empty for an unconditional one
 */
public record ModelStatus(String name, ModelState status, String reason, Long step, String architecture,
		Integer imageSize, Integer channels, Integer nz, String dataset, Instant createdAt, Map<String, Object> metrics,
		boolean isDefault, List<String> classes) {

	static ModelStatus of(String name, String reason, Manifest manifest, boolean isDefault) {
		ModelState state = (reason == null) ? ModelState.READY : ModelState.FAILED;
		if (manifest == null) {
			return new ModelStatus(name, state, reason, null, null, null, null, null, null, null, Map.of(), isDefault,
					List.of());
		}
		return new ModelStatus(name, state, reason, manifest.step(), manifest.architecture(), manifest.imageSize(),
				manifest.channels(), manifest.nz(), manifest.dataset(), manifest.createdAt(),
				(manifest.metrics() != null) ? manifest.metrics() : Map.of(), isDefault, manifest.classNames());
	}

}
