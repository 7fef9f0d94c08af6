package dev.ganforge.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import dev.ganforge.training.StepStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link LossPlots}: a rendering is drawn once per history and size, and a
 * request that gets no turn is a 503 with Retry-After instead of a queue.
 */
class LossPlotsTests {

	@Test
	void anUnchangedHistoryIsDrawnOncePerSize() {
		List<StepStats> history = history(10);
		LossPlots plots = new LossPlots();
		byte[] first = plots.plot("a", history, "t", 400, 300);
		assertThat(plots.plot("a", history(10), "t", 400, 300)).isSameAs(first);
		assertThat(plots.plot("a", history, "t", 500, 300)).isNotSameAs(first);
		assertThat(plots.plot("b", history, "t", 400, 300)).as("another job's").isNotSameAs(first);
		List<StepStats> longer = new ArrayList<>(history);
		longer.add(new StepStats(11, 0, 1, 1, 0.5f, 0.5f, 0.5f, 1));
		assertThat(plots.plot("a", longer, "t", 400, 300)).as("a new row is a new plot").isNotSameAs(first);
		List<StepStats> rolledBack = new ArrayList<>(history);
		rolledBack.set(9, new StepStats(10, 0, 2, 2, 0.5f, 0.5f, 0.5f, 1));
		assertThat(plots.plot("a", rolledBack, "t", 400, 300)).as("a step trained again is a new plot")
			.isNotSameAs(first);
	}

	@Test
	void noTurnWithinTheWaitIsBusyWithARetryAfter() {
		Semaphore turns = new Semaphore(1);
		LossPlots plots = new LossPlots(turns, 50);
		List<StepStats> history = history(5);
		turns.acquireUninterruptibly();
		PlotsBusyException busy = catchThrowableOfType(PlotsBusyException.class,
				() -> plots.plot("a", history, "t", 400, 300));
		assertThat(busy.retryAfterSeconds()).isEqualTo(1);
		assertThat(busy).hasMessageContaining("loss plots are being drawn");
		turns.release();
		assertThat(plots.plot("a", history, "t", 400, 300)).isNotEmpty();
		assertThat(turns.availablePermits()).as("the turn is given back").isEqualTo(1);
	}

	private static List<StepStats> history(int steps) {
		List<StepStats> rows = new ArrayList<>();
		for (int step = 1; step <= steps; step++) {
			rows.add(new StepStats(step, 0, 1.3f, 0.7f, 0.6f, 0.4f, 0.3f, 100));
		}
		return rows;
	}

}
