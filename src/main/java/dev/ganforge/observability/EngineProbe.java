package dev.ganforge.observability;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import ai.djl.engine.Engine;
import dev.ganforge.nn.ConvolutionKernels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Whether the DJL PyTorch engine loaded, for the health indicator and the info endpoint.
 *
 * <p>
 * The engine is loaded once, at start-up (before the web server starts, so the first
 * readiness probe never pays for it); a loaded engine stays loaded for the life of the
 * JVM, so later checks only read the cached result. A failed load is retried at most
 * every {@link #RETRY} rather than on every probe, since a retry extracts and links
 * native libraries.
 */
@Component
class EngineProbe implements SmartInitializingSingleton {

	static final String ENGINE = "PyTorch";

	static final Duration RETRY = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(EngineProbe.class);

	// A directory prefix of an absolute path: "/root/.djl.ai/pytorch/" in
	// "/root/.djl.ai/pytorch/libtorch.so: cannot open"; the file name stays.
	private static final Pattern DIRECTORIES = Pattern.compile("(?<![^\\s:'\"(=\\[])(?:/[^/\\s]+)+/");

	private final Supplier<Engine> loader;

	private final Supplier<ConvolutionKernels.Check> convolutions;

	private final LongSupplier nanoTime;

	private volatile EngineState loaded;

	private EngineState failed;

	private long failedAt;

	EngineProbe() {
		this(() -> Engine.getEngine(ENGINE), ConvolutionKernels::check, System::nanoTime);
	}

	/**
	 * A probe with its own loader, convolution check and clock, for tests.
	 * @param loader loads the engine or throws
	 * @param convolutions measures the loaded engine's convolution gradients
	 * @param nanoTime the clock of the retry delay
	 */
	EngineProbe(Supplier<Engine> loader, Supplier<ConvolutionKernels.Check> convolutions, LongSupplier nanoTime) {
		this.loader = loader;
		this.convolutions = convolutions;
		this.nanoTime = nanoTime;
	}

	@Override
	public void afterSingletonsInstantiated() {
		current();
	}

	/**
	 * The engine's state, loading it if it is not loaded and the last failure is older
	 * than {@link #RETRY}.
	 * @return the state
	 */
	EngineState current() {
		EngineState state = this.loaded;
		return (state != null) ? state : load();
	}

	private synchronized EngineState load() {
		if (this.loaded != null) {
			return this.loaded;
		}
		long now = this.nanoTime.getAsLong();
		if (this.failed != null && now - this.failedAt < RETRY.toNanos()) {
			return this.failed;
		}
		try {
			Engine engine = this.loader.get();
			ConvolutionKernels.Check check = this.convolutions.get();
			if (!check.right()) {
				log.error(
						"The {} engine computes wrong convolution gradients on this host (relative error {}): "
								+ "training would learn nothing. Kernels: {}. Set ONEDNN_MAX_CPU_ISA=AVX and restart",
						ENGINE, check.relativeError(), ConvolutionKernels.guard());
			}
			this.loaded = new EngineState(engine.getEngineName(), engine.getVersion(), null, check);
			this.failed = null;
			return this.loaded;
		}
		catch (RuntimeException | LinkageError ex) {
			log.warn("The {} engine failed to load; retrying in {}s at the next health check", ENGINE,
					RETRY.toSeconds(), ex);
			this.failed = new EngineState(ENGINE, null, reason(ex), null);
			this.failedAt = now;
			return this.failed;
		}
	}

	/**
	 * What went wrong, for clients: the exception's message and its root cause's (where
	 * DJL puts the missing library), with directories left out.
	 */
	static String reason(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = describe(ex);
		if (root != ex) {
			message = message + ": " + describe(root);
		}
		return DIRECTORIES.matcher(message).replaceAll("");
	}

	private static String describe(Throwable ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	/**
	 * The engine as last checked.
	 *
	 * @param name the engine's name
	 * @param version its version (the PyTorch version), or null when it failed to load
	 * @param error why it failed to load, or null when loaded
	 * @param convolutions how right its convolution gradients are, or null when it failed
	 * to load
	 */
	record EngineState(String name, String version, String error, ConvolutionKernels.Check convolutions) {

		boolean isLoaded() {
			return this.error == null;
		}

	}

}
