package dev.ganforge.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Renders jobs' loss plots with bounded cost: at most {@link #MAX_RENDERING} at once
 * (JFreeChart holds a width x height raster per plot; 48 plots of 4000x4000 at once
 * doubled the service's memory and stalled its health checks), and each rendering kept
 * for as long as the job's history file is unchanged, so polling clients and finished
 * jobs cost one rendering per size.
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
	 * @param history the job's history file (it may not exist yet)
	 * @param title the plot's title
	 * @param width pixels
	 * @param height pixels
	 * @return the PNG
	 * @throws PlotsBusyException when no turn came in time
	 */
	byte[] plot(Path history, String title, int width, int height) {
		Key key = new Key(history, version(history), title, width, height);
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
			byte[] png = LossHistory.plot(LossHistory.read(history, 0), title, width, height);
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

	/** What changes whenever a row is appended: the file's size and modification time. */
	private static String version(Path history) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(history, BasicFileAttributes.class);
			return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
		}
		catch (NoSuchFileException ex) {
			return "none";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static PlotsBusyException busy() {
		return new PlotsBusyException(MAX_RENDERING + " loss plots are being drawn; try again in a second.", 1);
	}

	private record Key(Path history, String version, String title, int width, int height) {
	}

}
