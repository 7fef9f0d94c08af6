package dev.ganforge.generation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.ganforge.models.LoadedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs generators with dynamic batching: concurrent requests for one model are merged
 * into one forward pass, as TorchServe, DJL Serving and Triton do.
 *
 * <p>
 * <b>Batching.</b> Each model has a queue. A batch closes when it holds
 * {@code maxBatchSize} images or {@code maxBatchDelay} has passed since its oldest
 * request arrived, whichever comes first; a request larger than a batch is split over
 * consecutive passes, and batches are taken in arrival order. Up to
 * {@code passesPerModel} passes of a model run at once, each on its own worker, so a
 * batch can form and start while the previous one is still running. At most
 * {@code maxQueuedImages} images may wait per model; a request that would exceed it is
 * refused at once with {@link GenerationOverloadedException} (503, {@code Retry-After})
 * instead of queueing without bound.
 *
 * <p>
 * <b>Same images as alone.</b> Every image's latent comes from its own seed (or vector),
 * never from the batch, and the generator runs in eval mode (BatchNorm uses its running
 * statistics), so no image depends on the others in its pass. What can differ is
 * floating-point rounding: PyTorch's CPU convolution picks its blocking by batch size, so
 * an image's floats may differ in the last bits between a pass of 1 and a pass of 7
 * (measured: at most a few 1e-8). The tolerance that holds is therefore: outputs equal to
 * within 1e-6, and 8-bit PNG levels equal except that a pixel lying within that distance
 * of a rounding boundary may differ by one level, about one pixel in 10^5. In practice
 * the PNGs are byte-identical (the HTTP tests compare bytes first).
 * <p>
 * <b>Threads and native memory.</b> Request threads only enqueue and wait. A model's
 * queue is drained by at most {@code passesPerModel} workers at a time, taken from a
 * cached pool of daemon threads ({@code ganforge-generate-N}) when work arrives and
 * returned when the queue is empty, so idle or unloaded models hold no thread. Each
 * worker calls {@link LoadedModel#generate}, which turns autograd off on the worker's
 * thread and creates every array of the pass in a sub-manager of the model's
 * {@code NDManager}, closed before it returns; concurrent passes share only the model's
 * parameters, which eval mode reads and never writes. This class never holds a native
 * array, only Java float arrays. Queues are keyed weakly by the {@link LoadedModel}
 * instance, so a reloaded model gets a fresh queue and the old one goes with the old
 * model. On context close the pool is shut down, waiting requests fail with 503 and
 * workers are interrupted.
 *
 * <p>
 * <b>Meters</b>, tagged {@code model} with the name of a loaded model (so bounded by the
 * models directory, never by what a request asks for), registered at a model's first
 * request: {@code gan.generation.queue.depth} (images waiting),
 * {@code gan.generation.queue.wait} (arrival to first pass of a request),
 * {@code gan.generation.batch.size} (images per pass), {@code gan.generation.batch}
 * (duration of a pass, tagged {@code outcome} success or error) and
 * {@code gan.generation.images} (images generated). The request timers are Boot's
 * {@code http.server.requests}; these say what they cannot: how requests were batched and
 * where the time went. With batching disabled each request is a pass and nothing queues.
 */
@Component
class BatchingGenerator implements DisposableBean {

	private static final int RETRY_AFTER_SECONDS = 1;

	private final GenerationSettings settings;

	private final ExecutorService workers;

	private final Map<LoadedModel, ModelQueue> queues = Collections.synchronizedMap(new WeakHashMap<>());

	private final MeterRegistry registry;

	private final Map<String, ModelMeters> meters = new ConcurrentHashMap<>();

	private volatile boolean closed;

	BatchingGenerator(GenerationSettings settings, MeterRegistry registry) {
		this.settings = settings;
		this.registry = registry;
		this.workers = Executors.newCachedThreadPool(daemonThreads());
	}

	/**
	 * Generates images, sharing forward passes with concurrent requests for the same
	 * model when batching is enabled.
	 * @param model the generator
	 * @param latents count * nz values
	 * @param count number of images
	 * @return count * C * H * W values in [-1, 1], image after image
	 * @throws GenerationOverloadedException if the model's queue is full or the service
	 * is shutting down
	 */
	float[] generate(LoadedModel model, float[] latents, int count) {
		if (!this.settings.batchingEnabled()) {
			return meters(model).pass(count, () -> model.generate(latents, count));
		}
		Pending pending = new Pending(model, latents, count);
		this.queues.computeIfAbsent(model, (key) -> new ModelQueue()).submit(pending);
		return pending.await();
	}

	/**
	 * Images waiting for a pass for a model, for tests and metrics.
	 * @param model the model
	 * @return images queued and not yet taken into a pass
	 */
	int queuedImages(LoadedModel model) {
		ModelQueue queue = this.queues.get(model);
		return (queue != null) ? queue.queuedImages() : 0;
	}

	/**
	 * Images waiting for any model of this name: a reload leaves the old queue to drain.
	 */
	private int queuedImages(String name) {
		int images = 0;
		synchronized (this.queues) {
			for (Map.Entry<LoadedModel, ModelQueue> entry : this.queues.entrySet()) {
				if (entry.getKey().name().equals(name)) {
					images += entry.getValue().queuedImages();
				}
			}
		}
		return images;
	}

	private ModelMeters meters(LoadedModel model) {
		return this.meters.computeIfAbsent(model.name(), this::register);
	}

	private ModelMeters register(String name) {
		Gauge.builder("gan.generation.queue.depth", this, (generator) -> generator.queuedImages(name))
			.description("Images waiting for a forward pass")
			.baseUnit("images")
			.tag("model", name)
			.register(this.registry);
		return new ModelMeters(
				timer("gan.generation.queue.wait", "From a request's arrival to its first pass", name)
					.register(this.registry),
				DistributionSummary.builder("gan.generation.batch.size")
					.description("Images per forward pass")
					.baseUnit("images")
					.tag("model", name)
					.serviceLevelObjectives(batchBuckets(this.settings.maxBatchSize()))
					.register(this.registry),
				timer("gan.generation.batch", "Duration of a forward pass", name).tag("outcome", "success")
					.register(this.registry),
				timer("gan.generation.batch", "Duration of a forward pass", name).tag("outcome", "error")
					.register(this.registry),
				Counter.builder("gan.generation.images")
					.description("Images generated")
					.baseUnit("images")
					.tag("model", name)
					.register(this.registry));
	}

	private static Timer.Builder timer(String meter, String description, String model) {
		// Fixed buckets for Prometheus. A pass of the shipped 64x64 model: 5.6 ms for
		// 1 image, 84 ms for 64 (docs/BENCHMARKS.md).
		return Timer.builder(meter)
			.description(description)
			.tag("model", model)
			.serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
					Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
					Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
					Duration.ofSeconds(10));
	}

	/** Powers of two up to the largest batch, and the largest batch. */
	private static double[] batchBuckets(int maxBatchSize) {
		List<Double> buckets = new ArrayList<>();
		for (int size = 1; size < maxBatchSize; size *= 2) {
			buckets.add((double) size);
		}
		buckets.add((double) maxBatchSize);
		return buckets.stream().mapToDouble(Double::doubleValue).toArray();
	}

	@Override
	public void destroy() throws InterruptedException {
		this.closed = true;
		this.workers.shutdownNow();
		this.workers.awaitTermination(10, TimeUnit.SECONDS);
	}

	private static ThreadFactory daemonThreads() {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "ganforge-generate-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static GenerationOverloadedException shuttingDown() {
		return new GenerationOverloadedException("The service is shutting down; retry on another instance",
				RETRY_AFTER_SECONDS);
	}

	/**
	 * One model's waiting requests. Holds no reference to the model itself (only its
	 * pending requests do), so the weak key can be collected once it is unloaded.
	 */
	private final class ModelQueue {

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition arrived = this.lock.newCondition();

		private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

		/** Images waiting and not yet taken into a pass. */
		private int queuedImages;

		/** Workers draining this queue, at most passesPerModel. */
		private int draining;

		void submit(Pending pending) {
			this.lock.lock();
			try {
				if (BatchingGenerator.this.closed) {
					throw shuttingDown();
				}
				int limit = BatchingGenerator.this.settings.maxQueuedImages();
				if (this.queuedImages + pending.count > limit) {
					throw new GenerationOverloadedException(
							"Model " + pending.model.name() + " has " + this.queuedImages + " images queued (limit "
									+ limit + "); retry shortly or ask for fewer" + " images",
							RETRY_AFTER_SECONDS);
				}
				this.waiting.add(pending);
				this.queuedImages += pending.count;
				this.arrived.signal();
				if (this.draining < BatchingGenerator.this.settings.passesPerModel()) {
					BatchingGenerator.this.workers.execute(this::drain);
					this.draining++;
				}
			}
			catch (RejectedExecutionException ex) {
				this.waiting.remove(pending);
				this.queuedImages -= pending.count;
				throw shuttingDown();
			}
			finally {
				this.lock.unlock();
			}
		}

		int queuedImages() {
			this.lock.lock();
			try {
				return this.queuedImages;
			}
			finally {
				this.lock.unlock();
			}
		}

		private void drain() {
			try {
				List<Slice> batch;
				while ((batch = nextBatch()) != null) {
					run(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failAll();
			}
		}

		/** Waits for a full batch or the delay, then takes it; null when idle. */
		private List<Slice> nextBatch() throws InterruptedException {
			int maxBatch = BatchingGenerator.this.settings.maxBatchSize();
			this.lock.lock();
			try {
				// Waiting releases the lock, and another worker may take the queue
				// meanwhile:
				// look again after every wait.
				while (true) {
					if (this.waiting.isEmpty()) {
						this.draining--;
						return null;
					}
					long left = this.waiting.peek().arrivedNanos
							+ BatchingGenerator.this.settings.maxBatchDelay().toNanos() - System.nanoTime();
					if (this.queuedImages >= maxBatch || left <= 0) {
						break;
					}
					this.arrived.awaitNanos(left);
				}
				List<Slice> batch = new ArrayList<>();
				int room = maxBatch;
				while (room > 0 && !this.waiting.isEmpty()) {
					Pending head = this.waiting.peek();
					int take = Math.min(room, head.count - head.taken);
					batch.add(new Slice(head, head.taken, take));
					head.taken += take;
					room -= take;
					this.queuedImages -= take;
					if (head.taken == head.count) {
						this.waiting.poll();
					}
				}
				return batch;
			}
			finally {
				this.lock.unlock();
			}
		}

		private void run(List<Slice> batch) {
			LoadedModel model = batch.get(0).pending.model;
			// Values per input: nz, and the one-hot class of a conditional model.
			int nz = model.spec().inputLength();
			int images = 0;
			for (Slice slice : batch) {
				images += slice.count;
			}
			float[] latents = new float[images * nz];
			int offset = 0;
			for (Slice slice : batch) {
				System.arraycopy(slice.pending.latents, slice.first * nz, latents, offset * nz, slice.count * nz);
				offset += slice.count;
			}
			ModelMeters meters = meters(model);
			long start = System.nanoTime();
			for (Slice slice : batch) {
				if (slice.first == 0) {
					meters.queueWait.record(start - slice.pending.arrivedNanos, TimeUnit.NANOSECONDS);
				}
			}
			float[] pixels;
			int count = images;
			try {
				pixels = meters.pass(images, () -> model.generate(latents, count));
			}
			catch (RuntimeException | Error ex) {
				batch.forEach((slice) -> slice.pending.result.completeExceptionally(ex));
				return;
			}
			int perImage = pixels.length / images;
			offset = 0;
			for (Slice slice : batch) {
				slice.pending.fill(pixels, offset * perImage, slice.first * perImage, slice.count, perImage);
				offset += slice.count;
			}
		}

		private void failAll() {
			this.lock.lock();
			try {
				this.waiting.forEach((pending) -> pending.result.completeExceptionally(shuttingDown()));
				this.waiting.clear();
				this.queuedImages = 0;
				this.draining = 0;
			}
			finally {
				this.lock.unlock();
			}
		}

	}

	/** One request: its latents, and its output filled in as its slices are run. */
	private static final class Pending {

		final LoadedModel model;

		final float[] latents;

		final int count;

		final long arrivedNanos = System.nanoTime();

		final CompletableFuture<float[]> result = new CompletableFuture<>();

		/** Images taken into passes so far; guarded by the queue's lock. */
		int taken;

		private float[] output;

		private int done;

		Pending(LoadedModel model, float[] latents, int count) {
			this.model = model;
			this.latents = latents;
			this.count = count;
		}

		synchronized void fill(float[] pixels, int from, int to, int images, int perImage) {
			if (this.output == null) {
				this.output = new float[this.count * perImage];
			}
			System.arraycopy(pixels, from, this.output, to, images * perImage);
			this.done += images;
			if (this.done == this.count) {
				this.result.complete(this.output);
			}
		}

		float[] await() {
			try {
				return this.result.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw shuttingDown();
			}
			catch (CancellationException ex) {
				throw shuttingDown();
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (ex.getCause() instanceof Error error) {
					throw error;
				}
				throw new IllegalStateException(ex.getCause());
			}
		}

	}

	/** Images {@code first .. first + count - 1} of a request, run in one pass. */
	private record Slice(Pending pending, int first, int count) {
	}

	/** One model's meters, but for its queue-depth gauge. */
	private record ModelMeters(Timer queueWait, DistributionSummary batchSize, Timer passes, Timer failedPasses,
			Counter images) {

		/** Runs a forward pass of {@code count} images and records it. */
		float[] pass(int count, Supplier<float[]> generate) {
			this.batchSize.record(count);
			long start = System.nanoTime();
			try {
				float[] pixels = generate.get();
				this.passes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				this.images.increment(count);
				return pixels;
			}
			catch (RuntimeException | Error ex) {
				this.failedPasses.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
				throw ex;
			}
		}

	}

}
