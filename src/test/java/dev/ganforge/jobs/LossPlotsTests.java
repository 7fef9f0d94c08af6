package dev.ganforge.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Semaphore;

import dev.ganforge.training.StepStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link LossPlots}: a rendering is drawn once per history and size, and a
 * request that gets no turn is a 503 with Retry-After instead of a queue.
 */
class LossPlotsTests {

	@TempDir
	Path dir;

	@Test
	void anUnchangedHistoryIsDrawnOncePerSize() throws IOException {
		Path history = history(10);
		LossPlots plots = new LossPlots();
		byte[] first = plots.plot(history, "t", 400, 300);
		assertThat(plots.plot(history, "t", 400, 300)).isSameAs(first);
		assertThat(plots.plot(history, "t", 500, 300)).isNotSameAs(first);
		Files.writeString(history, new StepStats(11, 0, 1, 1, 0.5f, 0.5f, 0.5f, 1).toCsvRow(), StandardCharsets.UTF_8,
				StandardOpenOption.APPEND);
		Files.setLastModifiedTime(history, FileTime.fromMillis(System.currentTimeMillis() + 1000));
		assertThat(plots.plot(history, "t", 400, 300)).as("a new row is a new plot").isNotSameAs(first);
	}

	@Test
	void noTurnWithinTheWaitIsBusyWithARetryAfter() throws IOException {
		Semaphore turns = new Semaphore(1);
		LossPlots plots = new LossPlots(turns, 50);
		Path history = history(5);
		turns.acquireUninterruptibly();
		PlotsBusyException busy = catchThrowableOfType(PlotsBusyException.class,
				() -> plots.plot(history, "t", 400, 300));
		assertThat(busy.retryAfterSeconds()).isEqualTo(1);
		assertThat(busy).hasMessageContaining("loss plots are being drawn");
		turns.release();
		assertThat(plots.plot(history, "t", 400, 300)).isNotEmpty();
		assertThat(turns.availablePermits()).as("the turn is given back").isEqualTo(1);
	}

	private Path history(int steps) throws IOException {
		StringBuilder csv = new StringBuilder(StepStats.CSV_HEADER).append('\n');
		for (int step = 1; step <= steps; step++) {
			csv.append(new StepStats(step, 0, 1.3f, 0.7f, 0.6f, 0.4f, 0.3f, 100).toCsvRow());
		}
		return Files.writeString(this.dir.resolve("history.csv"), csv.toString());
	}

}
