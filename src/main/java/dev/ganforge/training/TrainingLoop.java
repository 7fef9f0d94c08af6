package dev.ganforge.training;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.GradMode;
import dev.ganforge.nn.Latents;
import dev.ganforge.nn.NetworkSpec;

/**
 * The training loop: the single entry point through which the CLI and training jobs
 * train.
 *
 * <p>
 * Reproducibility: the data order of epoch e is a shuffle seeded by (seed, e), and the
 * initial weights and the noise of step s are drawn in Java from seed and from (seed, s)
 * ({@link GanTrainer}), not from the engine's generator, which is shared by every thread
 * of the process. So a run resumed from a snapshot draws exactly the batches and noise
 * the uninterrupted run would have drawn; with the restored weights, optimiser moments,
 * (with EMA on) G's average and (with spectral norm on) D's power iteration vectors it
 * continues as if never stopped.
 *
 * <p>
 * With {@code dSteps} D updates per step, step s takes the next {@code dSteps} batches of
 * its epoch's order as one block, each D update its own batch (as WGAN's critic loop
 * samples a fresh batch per update), so an epoch still shows D every image once, and its
 * own noise, drawn from (seed, s, update).
 */
public final class TrainingLoop {

	/** Images in a fixed-noise sample grid (8 x 8). */
	public static final int SAMPLE_COUNT = 64;

	/** Images per row of a sample grid. */
	public static final int GRID_COLUMNS = 8;

	private TrainingLoop() {
	}

	/**
	 * Trains from the trainer's completed steps up to the config's total.
	 * @param trainer the networks, fresh or restored from a snapshot
	 * @param data the training images, at the network's size and channels
	 * @param callbacks abort, progress, samples and snapshots
	 * @return how the run ended
	 * @throws TrainingDivergedException when a loss becomes NaN or infinite
	 */
	public static TrainingOutcome run(GanTrainer trainer, ImageDataset data, TrainingCallbacks callbacks) {
		return run(trainer, data, callbacks, null, (divergence) -> false);
	}

	/**
	 * Trains like {@link #run(GanTrainer, ImageDataset, TrainingCallbacks)}, with a
	 * monitor watching every step and every sample grid.
	 * @param trainer the networks, fresh or restored from a snapshot
	 * @param data the training images
	 * @param callbacks abort, progress, samples, snapshots and evaluations
	 * @param monitor the divergence monitor, or null for none
	 * @param stopOn told of each finding; true stops the run before its next step (the
	 * outcome then carries the finding), false lets it go on
	 * @return how the run ended
	 * @throws TrainingDivergedException when a loss becomes NaN or infinite
	 */
	public static TrainingOutcome run(GanTrainer trainer, ImageDataset data, TrainingCallbacks callbacks,
			DivergenceMonitor monitor, Predicate<DivergenceMonitor.Divergence> stopOn) {
		TrainingConfig config = trainer.config();
		requireCompatible(config, data);
		GradMode.disableOnThisThread();
		long total = config.totalSteps(data.size());
		int perEpoch = config.stepsPerEpoch(data.size());
		float[] fixedNoise = fixedNoise(config);
		BatchSource batches = new BatchSource(data, config.imagesPerStep(), config.seed(), perEpoch,
				config.network().conditional());
		ExecutorService prefetcher = Executors.newSingleThreadExecutor((r) -> {
			Thread thread = new Thread(r, "ganforge-prefetch");
			thread.setDaemon(true);
			return thread;
		});
		StepStats last = null;
		try {
			long step = trainer.completedSteps() + 1;
			CompletableFuture<Batch> next = prefetch(batches, step, prefetcher);
			for (; step <= total; step++) {
				// Check for abort.
				if (callbacks.abort().getAsBoolean()) {
					return new TrainingOutcome(false, trainer.completedSteps(), last);
				}
				Batch pixels = next.join();
				if (step < total) {
					next = prefetch(batches, step + 1, prefetcher);
				}
				// Train one step on a batch that lives only for this step.
				try (NDManager batch = trainer.manager().newSubManager()) {
					NDArray real = batch.create(pixels.pixels(), config.network().imageShape(config.imagesPerStep()));
					last = trainer.step(real, pixels.labels(), (int) ((step - 1) / perEpoch));
				}
				if (!last.isFinite()) {
					throw new TrainingDivergedException(last);
				}
				callbacks.progress().accept(last);
				Optional<DivergenceMonitor.Divergence> finding = (monitor != null) ? monitor.observe(last)
						: Optional.empty();
				// Sample from the fixed noise and snapshot.
				boolean end = step == total;
				if (end || (config.sampleEvery() > 0 && step % config.sampleEvery() == 0)) {
					float[] samples = trainer.generate(fixedNoise, sampleCount(config));
					callbacks.samples().accept(step, samples);
					if (finding.isEmpty() && monitor != null) {
						finding = monitor.observeSamples(step, samples, sampleCount(config));
					}
				}
				// Evaluate the served generator.
				if (callbacks.evaluateEvery() > 0 && (end || step % callbacks.evaluateEvery() == 0)) {
					Optional<TrainingCallbacks.Scores> scores = callbacks.evaluation().accept(trainer, step);
					if (monitor != null && scores.isPresent()) {
						if (finding.isEmpty()) {
							finding = monitor.observeEvaluation(step, scores.get().fd());
						}
						// Every evaluation, so that a class collapse's window starts at
						// the
						// one before it even when another finding took this step.
						Optional<DivergenceMonitor.Divergence> balance = monitor.observeClassBalance(step,
								scores.get().worstClass(), scores.get().worstClassShareRatio());
						if (finding.isEmpty()) {
							finding = balance;
						}
					}
				}
				if (finding.isPresent() && stopOn.test(finding.get())) {
					return new TrainingOutcome(false, trainer.completedSteps(), last, finding.get());
				}
				if (end || (config.snapshotEvery() > 0 && step % config.snapshotEvery() == 0)) {
					callbacks.snapshot().accept(trainer, last);
				}
			}
			return new TrainingOutcome(true, trainer.completedSteps(), last);
		}
		finally {
			prefetcher.shutdownNow();
		}
	}

	/**
	 * The run's fixed sample noise: the latents of seeds seed .. seed + 63, the same for
	 * every sample grid of a run and for the exported model's {@code samples.png}.
	 * @param config the run's configuration
	 * @return {@link #SAMPLE_COUNT} latents, packed
	 */
	public static float[] fixedNoise(TrainingConfig config) {
		NetworkSpec spec = config.network();
		if (!spec.conditional()) {
			return Latents.gaussianBatch(config.seed(), SAMPLE_COUNT, spec.nz());
		}
		// One row per class: the same GRID_COLUMNS latents in every row.
		int count = sampleCount(config);
		float[] row = Latents.gaussianBatch(config.seed(), GRID_COLUMNS, spec.nz());
		float[] latents = new float[count * spec.nz()];
		int[] classes = new int[count];
		for (int i = 0; i < count; i++) {
			System.arraycopy(row, (i % GRID_COLUMNS) * spec.nz(), latents, i * spec.nz(), spec.nz());
			classes[i] = i / GRID_COLUMNS;
		}
		return Latents.withClasses(latents, count, classes, spec.classes());
	}

	/**
	 * Images in each sample grid: {@link #SAMPLE_COUNT}, or for a conditional pair one
	 * row of {@link #GRID_COLUMNS} per class.
	 * @param config the run's configuration
	 * @return the count
	 */
	public static int sampleCount(TrainingConfig config) {
		NetworkSpec spec = config.network();
		return spec.conditional() ? spec.classes() * GRID_COLUMNS : SAMPLE_COUNT;
	}

	private static CompletableFuture<Batch> prefetch(BatchSource batches, long step, ExecutorService executor) {
		return CompletableFuture.supplyAsync(() -> batches.batch(step), executor);
	}

	private static void requireCompatible(TrainingConfig config, ImageDataset data) {
		if (data.channels() != config.network().channels() || data.imageSize() != config.network().imageSize()) {
			throw new IllegalArgumentException(
					"Dataset " + data.name() + " has " + data.channels() + "x" + data.imageSize() + "x"
							+ data.imageSize() + " images, the network expects " + config.network().channels() + "x"
							+ config.network().imageSize() + "x" + config.network().imageSize());
		}
		if (config.network().conditional()) {
			int[] labels = data.labels();
			if (labels == null) {
				throw new IllegalArgumentException("Dataset " + data.name()
						+ " has no labels, so a conditional pair cannot train on it; train it unconditionally");
			}
			for (int label : labels) {
				if (label < 0 || label >= config.network().classes()) {
					throw new IllegalArgumentException("Dataset " + data.name() + " has label " + label
							+ ", outside the pair's " + config.network().classes() + " classes");
				}
			}
		}
		if (data.size() < config.imagesPerStep()) {
			throw new IllegalArgumentException("Dataset " + data.name() + " has " + data.size()
					+ " images, fewer than one step's " + config.imagesPerStep() + " (batch size times D steps)");
		}
	}

	/**
	 * Batches by step number, so any step's batch can be rebuilt after a resume. A batch
	 * here is all the images of one step: {@code dSteps} training batches.
	 */
	static final class BatchSource {

		private final ImageDataset data;

		private final int batchSize;

		private final long seed;

		private final int perEpoch;

		private int cachedEpoch = -1;

		private int[] cachedOrder;

		private final int[] labels;

		BatchSource(ImageDataset data, int batchSize, long seed, int perEpoch, boolean withLabels) {
			this.data = data;
			this.labels = withLabels ? data.labels() : null;
			this.batchSize = batchSize;
			this.seed = seed;
			this.perEpoch = perEpoch;
		}

		synchronized Batch batch(long step) {
			int epoch = (int) ((step - 1) / this.perEpoch);
			int position = (int) ((step - 1) % this.perEpoch);
			int[] order = order(epoch);
			int imageLength = this.data.channels() * this.data.imageSize() * this.data.imageSize();
			float[] pixels = new float[this.batchSize * imageLength];
			int[] batchLabels = (this.labels != null) ? new int[this.batchSize] : null;
			for (int i = 0; i < this.batchSize; i++) {
				int index = order[position * this.batchSize + i];
				this.data.copyTo(index, pixels, i * imageLength);
				if (batchLabels != null) {
					batchLabels[i] = this.labels[index];
				}
			}
			return new Batch(pixels, batchLabels);
		}

		private int[] order(int epoch) {
			if (epoch != this.cachedEpoch) {
				int[] order = new int[this.data.size()];
				for (int i = 0; i < order.length; i++) {
					order[i] = i;
				}
				Random random = new Random(this.seed * 1_000_003L + epoch);
				for (int i = order.length - 1; i > 0; i--) {
					int j = random.nextInt(i + 1);
					int swap = order[i];
					order[i] = order[j];
					order[j] = swap;
				}
				this.cachedOrder = order;
				this.cachedEpoch = epoch;
			}
			return this.cachedOrder;
		}

	}

	/**
	 * One step's real images and, for a conditional pair, their classes.
	 *
	 * @param pixels the images, packed
	 * @param labels one class per image, or null
	 */
	record Batch(float[] pixels, int[] labels) {
	}

}
