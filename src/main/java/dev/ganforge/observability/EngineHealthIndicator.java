package dev.ganforge.observability;

import ai.djl.engine.Engine;
import dev.ganforge.nn.ConvolutionKernels;
import dev.ganforge.observability.EngineProbe.EngineState;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code engine} health component: UP with the engine's name and version and DJL's
 * version once the PyTorch engine has loaded, DOWN with the reason when it cannot load
 * (no image can be generated then), and DOWN when its float32 convolution gradients are
 * wrong on this host (see {@link ConvolutionKernels}). Part of the readiness group.
 */
@Component
class EngineHealthIndicator implements HealthIndicator {

	private final EngineProbe engine;

	EngineHealthIndicator(EngineProbe engine) {
		this.engine = engine;
	}

	@Override
	public Health health() {
		EngineState state = this.engine.current();
		if (!state.isLoaded()) {
			return Health.down().withDetail("name", state.name()).withDetail("error", state.error()).build();
		}
		Health.Builder health = state.convolutions().right() ? Health.up() : Health.down()
			.withDetail("error", "Convolution gradients are wrong on this host; set ONEDNN_MAX_CPU_ISA=AVX");
		return health.withDetail("name", state.name())
			.withDetail("version", state.version())
			.withDetail("djlVersion", Engine.getDjlVersion())
			.withDetail("convolutionKernels", ConvolutionKernels.guard())
			.withDetail("convolutionGradientError", state.convolutions().relativeError())
			.build();
	}

}
