package dev.ganforge.observability;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import ai.djl.engine.Engine;
import dev.ganforge.nn.ConvolutionKernels;
import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class EngineHealthIndicatorTests {

	private final AtomicLong clock = new AtomicLong();

	private final AtomicInteger loads = new AtomicInteger();

	@Test
	void aLoadedEngineIsUpWithItsVersions() {
		Health health = indicator(() -> Engine.getEngine("PyTorch")).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("name", "PyTorch")
			.containsEntry("version", Engine.getEngine("PyTorch").getVersion())
			.containsEntry("djlVersion", Engine.getDjlVersion())
			.containsKey("convolutionKernels");
		assertThat((Double) health.getDetails().get("convolutionGradientError")).isLessThan(1e-4);
	}

	@Test
	void aLoadedEngineIsNotLoadedAgain() {
		EngineHealthIndicator indicator = indicator(() -> Engine.getEngine("PyTorch"));
		for (int i = 0; i < 3; i++) {
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		}
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void anEngineThatFailsIsDownWithTheReasonButNoDirectories() {
		Health health = indicator(() -> {
			throw new EngineException("Failed to load PyTorch native library", new UnsatisfiedLinkError(
					"/root/.djl.ai/pytorch/2.7.1-cpu-linux-x86_64/libtorch_cpu.so: libgomp.so.1: cannot open shared"
							+ " object file"));
		}).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("name", "PyTorch")
			.containsEntry("error", "Failed to load PyTorch native library: libtorch_cpu.so: libgomp.so.1: cannot open"
					+ " shared object file");
	}

	@Test
	void aFailedLoadIsRetriedOnlyAfterTheDelay() {
		boolean[] fixed = new boolean[1];
		EngineHealthIndicator indicator = indicator(() -> {
			if (!fixed[0]) {
				throw new IllegalArgumentException("Deep learning engine not found: PyTorch");
			}
			return Engine.getEngine("PyTorch");
		});
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		this.clock.addAndGet(EngineProbe.RETRY.toNanos() - 1);
		fixed[0] = true;
		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.loads).hasValue(1);
		this.clock.incrementAndGet();
		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void reasonsKeepFileNamesAndDropDirectories() {
		assertThat(EngineProbe.reason(new IllegalStateException("cannot read /opt/app/lib/x.so and/or 'y'")))
			.isEqualTo("cannot read x.so and/or 'y'");
		assertThat(EngineProbe.reason(new IllegalStateException(null, new RuntimeException("(/a/b/c.so)"))))
			.isEqualTo("IllegalStateException: (c.so)");
	}

	@Test
	void anEngineWithWrongConvolutionGradientsIsDownAndSaysWhatToSet() {
		EngineProbe probe = new EngineProbe(() -> Engine.getEngine("PyTorch"),
				() -> new ConvolutionKernels.Check(0.94, false), this.clock::get);
		Health health = new EngineHealthIndicator(probe).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("convolutionGradientError", 0.94);
		assertThat(health.getDetails().get("error").toString()).contains("ONEDNN_MAX_CPU_ISA=AVX");
	}

	private EngineHealthIndicator indicator(Supplier<Engine> loader) {
		EngineProbe probe = new EngineProbe(() -> {
			this.loads.incrementAndGet();
			return loader.get();
		}, ConvolutionKernels::check, this.clock::get);
		return new EngineHealthIndicator(probe);
	}

}
