package dev.ganforge.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code models} health component: DOWN only when the models directory exists but
 * cannot be read. A model that failed to load leaves the service UP (the others serve)
 * and is listed with its reason; a missing directory is UP with no models.
 */
@Component
class ModelsHealthIndicator implements HealthIndicator {

	private final ModelRegistry registry;

	private final ModelSettings settings;

	ModelsHealthIndicator(ModelRegistry registry, ModelSettings settings) {
		this.registry = registry;
		this.settings = settings;
	}

	@Override
	public Health health() {
		Path dir = this.settings.dir();
		if (Files.exists(dir) && !(Files.isDirectory(dir) && Files.isReadable(dir) && Files.isExecutable(dir))) {
			return Health.down().withDetail("error", "The models directory cannot be read").build();
		}
		Map<String, String> failed = new TreeMap<>();
		long ready = 0;
		for (ModelStatus status : this.registry.list()) {
			if (status.status() == ModelState.READY) {
				ready++;
			}
			else {
				failed.put(status.name(), status.reason());
			}
		}
		Health.Builder health = Health.up().withDetail("ready", ready);
		if (!failed.isEmpty()) {
			health.withDetail("failed", failed);
		}
		this.registry.defaultModelName().ifPresent((name) -> health.withDetail("default", name));
		return health.build();
	}

}
