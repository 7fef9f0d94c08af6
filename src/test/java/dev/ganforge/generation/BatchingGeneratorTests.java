package dev.ganforge.generation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.Latents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;

class BatchingGeneratorTests {

	@Test
	void concurrentRequestsShareAPassAndGetTheirOwnImages() throws Exception {
		List<Integer> passes = new CopyOnWriteArrayList<>();
		LoadedModel model = FakeModels.model("fake", passes);
		BatchingGenerator generator = new BatchingGenerator(settings(32, Duration.ofMillis(500), 512, true),
				new SimpleMeterRegistry());
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<float[]>> results = new ArrayList<>();
			for (int r = 0; r < 8; r++) {
				float[] latents = Latents.gaussianBatch(100L * r, 2, FakeModels.NZ);
				results.add(clients.submit(() -> {
					start.await();
					return generator.generate(model, latents, 2);
				}));
			}
			start.countDown();
			assertEachGotItsOwnImages(results, 100L, 2);
		}
		finally {
			clients.shutdownNow();
			generator.destroy();
		}
		assertThat(passes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(16);
		assertThat(passes.size()).as("passes %s", passes).isLessThan(8);
	}

	@Test
	void aRequestLargerThanABatchIsSplitInOrder() throws Exception {
		List<Integer> passes = new CopyOnWriteArrayList<>();
		LoadedModel model = FakeModels.model("fake", passes);
		BatchingGenerator generator = new BatchingGenerator(settings(4, Duration.ZERO, 512, true),
				new SimpleMeterRegistry());
		try {
			float[] latents = Latents.gaussianBatch(5, 10, FakeModels.NZ);
			assertThat(generator.generate(model, latents, 10)).containsExactly(FakeModels.render(latents, 10));
			assertThat(passes).containsExactly(4, 4, 2);
		}
		finally {
			generator.destroy();
		}
	}

	@Test
	void upToPassesPerModelPassesRunAtOnce() throws Exception {
		LoadedModel model = FakeModels.model("parallel");
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		AtomicInteger started = new AtomicInteger();
		CyclicBarrier firstTwo = new CyclicBarrier(2);
		given(model.generate(any(), anyInt())).willAnswer((invocation) -> {
			mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
			try {
				// The first two passes meet here, which they can only do if both run at
				// once.
				if (started.incrementAndGet() <= 2) {
					firstTwo.await(10, TimeUnit.SECONDS);
				}
				Thread.sleep(50);
				return FakeModels.render(invocation.getArgument(0), invocation.getArgument(1));
			}
			finally {
				running.decrementAndGet();
			}
		});
		BatchingGenerator generator = new BatchingGenerator(
				new GenerationSettings(4, 2, 4, Duration.ZERO, 512, true, 2), new SimpleMeterRegistry());
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			List<Future<float[]>> results = new ArrayList<>();
			for (int r = 0; r < 6; r++) {
				float[] latents = Latents.gaussianBatch(10L * r, 4, FakeModels.NZ);
				results.add(clients.submit(() -> generator.generate(model, latents, 4)));
			}
			assertEachGotItsOwnImages(results, 10L, 4);
		}
		finally {
			clients.shutdownNow();
			generator.destroy();
		}
		assertThat(started.get()).isEqualTo(6);
		assertThat(mostRunning.get()).isEqualTo(2);
	}

	/**
	 * Two workers waiting out the same batch delay: the one that wakes second finds the
	 * queue emptied by the other and must go back to waiting or leave, not run an empty
	 * pass and die holding its place among the workers.
	 */
	@Test
	void workersWaitingForTheSameBatchNeverLoseTheQueue() throws Exception {
		List<Integer> passes = new CopyOnWriteArrayList<>();
		LoadedModel model = FakeModels.model("delayed", passes);
		BatchingGenerator generator = new BatchingGenerator(
				new GenerationSettings(4, 2, 32, Duration.ofMillis(200), 512, true, 2), new SimpleMeterRegistry());
		List<Throwable> workerDeaths = new CopyOnWriteArrayList<>();
		Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> workerDeaths.add(ex));
		ExecutorService clients = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 4; round++) {
				List<Future<float[]>> results = new ArrayList<>();
				for (int r = 0; r < 2; r++) {
					float[] latents = Latents.gaussianBatch(100L * r, 1, FakeModels.NZ);
					results.add(clients.submit(() -> generator.generate(model, latents, 1)));
				}
				assertEachGotItsOwnImages(results, 100L, 1);
			}
			float[] latents = Latents.gaussian(7, FakeModels.NZ);
			assertThat(clients.submit(() -> generator.generate(model, latents, 1)).get(10, TimeUnit.SECONDS))
				.containsExactly(FakeModels.render(latents, 1));
		}
		finally {
			clients.shutdownNow();
			generator.destroy();
			Thread.setDefaultUncaughtExceptionHandler(handler);
		}
		assertThat(workerDeaths).isEmpty();
		assertThat(passes).doesNotContain(0);
	}

	@Test
	void aFullQueueIsRefusedWith503AndRetryAfter() throws Exception {
		LoadedModel model = FakeModels.model("slow");
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		given(model.generate(any(), anyInt())).willAnswer((invocation) -> {
			entered.countDown();
			release.await();
			return FakeModels.render(invocation.getArgument(0), invocation.getArgument(1));
		});
		MeterRegistry meters = new SimpleMeterRegistry();
		BatchingGenerator generator = new BatchingGenerator(settings(4, Duration.ZERO, 4, true), meters);
		ExecutorService clients = Executors.newFixedThreadPool(2);
		try {
			float[] four = Latents.gaussianBatch(1, 4, FakeModels.NZ);
			Future<float[]> running = clients.submit(() -> generator.generate(model, four, 4));
			assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
			Future<float[]> waiting = clients.submit(() -> generator.generate(model, four, 4));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (generator.queuedImages(model) < 4 && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			assertThat(meters.get("gan.generation.queue.depth").tag("model", "slow").gauge().value()).isEqualTo(4);
			assertThatExceptionOfType(GenerationOverloadedException.class)
				.isThrownBy(() -> generator.generate(model, Latents.gaussian(9, FakeModels.NZ), 1))
				.satisfies((ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(1));
			release.countDown();
			assertThat(running.get(30, TimeUnit.SECONDS)).hasSize(4 * 256);
			assertThat(waiting.get(30, TimeUnit.SECONDS)).hasSize(4 * 256);
			assertThat(meters.get("gan.generation.queue.depth").tag("model", "slow").gauge().value()).isZero();
		}
		finally {
			release.countDown();
			clients.shutdownNow();
			generator.destroy();
		}
	}

	@Test
	void metersRecordEachPassPerModel() throws Exception {
		LoadedModel model = FakeModels.model("fake");
		LoadedModel other = FakeModels.model("other");
		MeterRegistry meters = new SimpleMeterRegistry();
		BatchingGenerator generator = new BatchingGenerator(settings(4, Duration.ZERO, 512, true), meters);
		try {
			generator.generate(model, Latents.gaussianBatch(5, 10, FakeModels.NZ), 10);
			generator.generate(other, Latents.gaussian(1, FakeModels.NZ), 1);
		}
		finally {
			generator.destroy();
		}
		// 10 images in passes of 4, 4 and 2; the request waited once, for its first pass.
		assertThat(meters.get("gan.generation.batch.size").tag("model", "fake").summary().count()).isEqualTo(3);
		assertThat(meters.get("gan.generation.batch.size").tag("model", "fake").summary().totalAmount()).isEqualTo(10);
		assertThat(meters.get("gan.generation.batch.size").tag("model", "fake").summary().max()).isEqualTo(4);
		assertThat(meters.get("gan.generation.images").tag("model", "fake").counter().count()).isEqualTo(10);
		assertThat(meters.get("gan.generation.batch").tags("model", "fake", "outcome", "success").timer().count())
			.isEqualTo(3);
		assertThat(meters.get("gan.generation.queue.wait").tag("model", "fake").timer().count()).isEqualTo(1);
		assertThat(meters.get("gan.generation.images").tag("model", "other").counter().count()).isEqualTo(1);
		assertThat(meters.find("gan.generation.images").counters()).hasSize(2);
	}

	@Test
	void failuresReachTheCaller() throws Exception {
		LoadedModel model = FakeModels.model("broken");
		given(model.generate(any(), anyInt())).willThrow(new IllegalStateException("Model broken was unloaded"));
		MeterRegistry meters = new SimpleMeterRegistry();
		BatchingGenerator generator = new BatchingGenerator(settings(4, Duration.ZERO, 512, true), meters);
		try {
			assertThatIllegalStateException()
				.isThrownBy(() -> generator.generate(model, Latents.gaussian(1, FakeModels.NZ), 1))
				.withMessageContaining("unloaded");
		}
		finally {
			generator.destroy();
		}
		assertThat(meters.get("gan.generation.batch").tags("model", "broken", "outcome", "error").timer().count())
			.isEqualTo(1);
		assertThat(meters.get("gan.generation.images").tag("model", "broken").counter().count()).isZero();
	}

	@Test
	void withoutBatchingTheCallerRunsThePass() throws Exception {
		List<Integer> passes = new CopyOnWriteArrayList<>();
		LoadedModel model = FakeModels.model("direct", passes);
		List<String> threads = new CopyOnWriteArrayList<>();
		given(model.generate(any(), anyInt())).willAnswer((invocation) -> {
			threads.add(Thread.currentThread().getName());
			return FakeModels.render(invocation.getArgument(0), invocation.getArgument(1));
		});
		MeterRegistry meters = new SimpleMeterRegistry();
		BatchingGenerator generator = new BatchingGenerator(settings(4, Duration.ZERO, 512, false), meters);
		generator.generate(model, Latents.gaussianBatch(1, 10, FakeModels.NZ), 10);
		assertThat(threads).containsExactly(Thread.currentThread().getName());
		generator.destroy();
		// One pass of the whole request; nothing queued.
		assertThat(meters.get("gan.generation.batch.size").tag("model", "direct").summary().max()).isEqualTo(10);
		assertThat(meters.get("gan.generation.images").tag("model", "direct").counter().count()).isEqualTo(10);
		assertThat(meters.get("gan.generation.queue.wait").tag("model", "direct").timer().count()).isZero();
	}

	@Test
	void afterShutdownRequestsAreRefused() throws Exception {
		BatchingGenerator generator = new BatchingGenerator(settings(4, Duration.ZERO, 512, true),
				new SimpleMeterRegistry());
		generator.destroy();
		assertThatExceptionOfType(GenerationOverloadedException.class)
			.isThrownBy(() -> generator.generate(FakeModels.model("late"), Latents.gaussian(1, FakeModels.NZ), 1));
	}

	@Test
	void settingsRefuseAQueueSmallerThanOneRequest() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new GenerationSettings(64, 64, 32, Duration.ofMillis(5), 10, true, 1))
			.withMessageContaining("max-queued-images");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new GenerationSettings(64, 64, 32, Duration.ofSeconds(2), 512, true, 1))
			.withMessageContaining("max-batch-delay");
	}

	/**
	 * The real generator in eval mode: an image's floats depend on its batch only through
	 * rounding, within the tolerance the class documents.
	 */
	@Test
	void realGeneratorGivesTheSameImagesInAnyBatchWithinRounding(@TempDir Path models) {
		try (LoadedModel model = LoadedModel.load(GenerationFixtures.writeTinyModel(models, "tiny"))) {
			int nz = model.spec().nz();
			int perImage = 16 * 16;
			float[] batch = model.generate(Latents.gaussianBatch(40, 7, nz), 7);
			for (int i = 0; i < 7; i++) {
				float[] alone = model.generate(Latents.gaussian(40 + i, nz), 1);
				for (int p = 0; p < perImage; p++) {
					float inBatch = batch[i * perImage + p];
					assertThat(inBatch).isCloseTo(alone[p], within(1e-6f));
					assertThat(Math.abs(level(inBatch) - level(alone[p]))).isLessThanOrEqualTo(1);
				}
			}
		}
	}

	/** The 8-bit level {@code Images} writes for an output value. */
	private static int level(float value) {
		return Math.max(0, Math.min(255, Math.round((value + 1f) * 127.5f)));
	}

	/**
	 * Checks that request r, of {@code count} images from seed {@code seedStep * r} on,
	 * got its own images and no other request's.
	 */
	private static void assertEachGotItsOwnImages(List<Future<float[]>> results, long seedStep, int count)
			throws Exception {
		for (int r = 0; r < results.size(); r++) {
			float[] latents = Latents.gaussianBatch(seedStep * r, count, FakeModels.NZ);
			assertThat(results.get(r).get(30, TimeUnit.SECONDS)).containsExactly(FakeModels.render(latents, count));
		}
	}

	static GenerationSettings settings(int maxBatch, Duration delay, int maxQueued, boolean batching) {
		return new GenerationSettings(Math.min(4, maxQueued), 2, maxBatch, delay, maxQueued, batching, 1);
	}

}
