package dev.ganforge.generation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RenderBudget}: renderings share a pixel budget, wait briefly for it,
 * and are refused with 503 rather than queued when it stays taken.
 */
class RenderBudgetTests {

	@Test
	void renderingsTakeTheirPixelsAndGiveThemBack() {
		RenderBudget budget = new RenderBudget(1 << 20, 50);
		assertThat(budget.render(1000, () -> budget.free())).isEqualTo((1 << 20) - 1024);
		assertThat(budget.free()).isEqualTo(1 << 20);
		assertThat(budget.render(1L << 30, () -> budget.free())).as("larger than the budget: renders alone").isZero();
		assertThat(budget.free()).isEqualTo(1 << 20);
	}

	@Test
	void aRenderingThatFindsNoRoomInTimeIs503WithRetryAfter() throws Exception {
		RenderBudget budget = new RenderBudget(1 << 20, 50);
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread big = new Thread(() -> budget.render(1 << 20, () -> {
			holding.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return null;
		}));
		big.start();
		holding.await();
		AtomicReference<Integer> retryAfter = new AtomicReference<>();
		assertThatExceptionOfType(GenerationOverloadedException.class).isThrownBy(() -> budget.render(256, () -> 1))
			.satisfies((ex) -> retryAfter.set(ex.retryAfterSeconds()));
		assertThat(retryAfter.get()).isEqualTo(1);
		release.countDown();
		big.join();
		assertThat(budget.render(256, () -> 2)).isEqualTo(2);
	}

	@Test
	void theDefaultBudgetHoldsTwoOfTheLargestPictures() {
		assertThat(RenderBudget.PIXELS).isEqualTo(2 * Samples.MAX_OUTPUT_PIXELS);
		assertThat(new RenderBudget().free()).isEqualTo(RenderBudget.PIXELS);
	}

}
