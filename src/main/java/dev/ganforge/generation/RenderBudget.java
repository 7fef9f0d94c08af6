package dev.ganforge.generation;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Bounds the memory that turning samples into pictures takes at once. A picture of
 * {@code n} pixels holds its raster and its encoder's buffers (a GIF's frames, a PNG's
 * rows) for as long as it is encoded: 16 ping-pong GIFs at once doubled the service's
 * memory. Each rendering takes its output pixels from a budget of {@link #PIXELS} (two of
 * the largest pictures, 4096x4096) and waits at most {@link #WAIT_MILLIS} for them; a
 * request that gets none is a 503 with {@code Retry-After}, as a full queue is.
 */
@Component
class RenderBudget {

	static final long PIXELS = 2 * Samples.MAX_OUTPUT_PIXELS;

	static final long WAIT_MILLIS = 2000;

	// Permits in units of 256 pixels: PIXELS / 256 fits an int with room to spare.
	private static final int UNIT = 256;

	private final int total;

	private final Semaphore permits;

	private final long waitMillis;

	RenderBudget() {
		this(PIXELS, WAIT_MILLIS);
	}

	RenderBudget(long pixels, long waitMillis) {
		this.total = Math.toIntExact(Math.max(1, pixels / UNIT));
		this.permits = new Semaphore(this.total, true);
		this.waitMillis = waitMillis;
	}

	/**
	 * Renders within the budget.
	 * @param <T> the picture
	 * @param pixels how many pixels the picture (all frames) has; more than the whole
	 * budget counts as the whole budget, so it renders alone
	 * @param rendering draws and encodes it
	 * @return the picture
	 * @throws GenerationOverloadedException if the pixels were not free in time
	 */
	<T> T render(long pixels, Supplier<T> rendering) {
		int wanted = (int) Math.min(this.total, Math.max(1, (pixels + UNIT - 1) / UNIT));
		boolean acquired;
		try {
			acquired = this.permits.tryAcquire(wanted, this.waitMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new GenerationOverloadedException(
					"Other pictures are being drawn and this one's " + pixels
							+ " pixels did not fit beside them within " + this.waitMillis + " ms; try again shortly.",
					1);
		}
		try {
			return rendering.get();
		}
		finally {
			this.permits.release(wanted);
		}
	}

	/**
	 * The pixels free now, for tests.
	 * @return how many
	 */
	long free() {
		return (long) this.permits.availablePermits() * UNIT;
	}

}
