package dev.ganforge.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.engine.Engine;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.observability.EngineProbe.EngineState;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Adds to {@code /actuator/info} what Boot cannot know: the DJL and PyTorch versions and
 * the default model. Boot adds {@code build} (name, version) and {@code java}.
 */
@Component
class ServiceInfoContributor implements InfoContributor {

	private final EngineProbe engine;

	private final ModelRegistry registry;

	ServiceInfoContributor(EngineProbe engine, ModelRegistry registry) {
		this.engine = engine;
		this.registry = registry;
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("djl", Map.of("version", Engine.getDjlVersion()));
		EngineState state = this.engine.current();
		builder.withDetail("pytorch",
				state.isLoaded() ? Map.of("version", state.version()) : Map.of("error", state.error()));
		Map<String, Object> models = new LinkedHashMap<>();
		this.registry.defaultModelName().ifPresent((name) -> models.put("default", name));
		builder.withDetail("models", models);
	}

}
