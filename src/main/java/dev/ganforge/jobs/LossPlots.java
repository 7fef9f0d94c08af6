package dev.ganforge.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.ganforge.training.StepStats;

import org.springframework.stereotype.Component;

/**
 * Renders jobs' loss plots with bounded cost: at most {@link #MAX_RENDERING} at once
 * (JFreeChart holds a width x height raster per plot; 48 plots of 4000x4000 at once
 * doubled the service's memory and stalled its health checks), and each rendering kept
 * for as long as the job's history is unchanged, so polling clients and finished jobs
 * cost one rendering per size.
 */
@Component
class LossPlots {

	/**
	 * Plots rendered at once; a request waits at most {@link #WAIT_MILLIS} for a turn.
	 */
	static final int MAX_RENDERING = 2;

	static final long WAIT_MILLIS = 2000;

	/**
	 * Renderings kept, least recently used dropped first (a 900x600 plot is about 40 KB).
	 */
	static final int CACHED = 64;

	private final Semaphore rendering;

	private final long waitMillis;

	private final Map<Key, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
			return size() > CACHED;
		}

	};

	LossPlots() {
		this(new Semaphore(MAX_RENDERING, true), WAIT_MILLIS);
	}

	/**
	 * Plots drawn with turns from a semaphore of one's own, for tests.
	 * @param rendering the turns
	 * @param waitMillis how long a request waits for one
	 */
	LossPlots(Semaphore rendering, long waitMillis) {
		this.rendering = rendering;
		this.waitMillis = waitMillis;
	}

	/**
	 * The plot of a job's history at a size.
	 * @param id the job
	 * @param history its rows, by step
	 * @param title the plot's title
	 * @param width pixels
	 * @param height pixels
	 * @return the PNG
	 * @throws PlotsBusyException when no turn came in time
	 */
	byte[] plot(String id, List<StepStats> history, String title, int width, int height) {
		// Rows are only appended, or replaced after a rollback: the count and the last
		// row
		// tell one history from the next.
		Key key = new Key(id, history.size(), history.isEmpty() ? null : history.get(history.size() - 1), title, width,
				height);
		byte[] cached = cached(key);
		if (cached != null) {
			return cached;
		}
		try {
			if (!this.rendering.tryAcquire(this.waitMillis, TimeUnit.MILLISECONDS)) {
				throw busy();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw busy();
		}
		try {
			byte[] again = cached(key);
			if (again != null) {
				return again;
			}
			byte[] png = LossHistory.plot(history, title, width, height);
			synchronized (this.cache) {
				this.cache.put(key, png);
			}
			return png;
		}
		finally {
			this.rendering.release();
		}
	}

	private byte[] cached(Key key) {
		synchronized (this.cache) {
			return this.cache.get(key);
		}
	}

	private static PlotsBusyException busy() {
		return new PlotsBusyException(MAX_RENDERING + " loss plots are being drawn; try again in a second.", 1);
	}

	private record Key(String id, int rows, StepStats last, String title, int width, int height) {
	}

}
