package dev.ganforge.training;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How a caller watches and steers the loop (after stylegan2-ada's {@code abort_fn} and
 * {@code progress_fn}). All run on the training thread; they should return quickly.
 *
 * @param abort polled before every step; true stops the run cooperatively
 * @param progress receives every step's statistics
 * @param samples receives fixed-noise samples every {@code sampleEvery} steps and at the
 * end, from the served generator: G's weight average when {@code emaDecay} is on
 * @param snapshot asked to persist the trainer every {@code snapshotEvery} steps and at
 * the end
 */
public record TrainingCallbacks(BooleanSupplier abort, Consumer<StepStats> progress, SampleSink samples,
		SnapshotSink snapshot) {

	/**
	 * Callbacks that never abort and ignore everything.
	 * @return the callbacks
	 */
	public static TrainingCallbacks none() {
		return new TrainingCallbacks(() -> false, (stats) -> {
		}, (step, images) -> {
		}, (trainer, stats) -> {
		});
	}

	/**
	 * Receives generated samples.
	 */
	@FunctionalInterface
	public interface SampleSink {

		/**
		 * Called with the generator's output on the run's fixed noise.
		 * @param step steps completed
		 * @param images {@link TrainingLoop#SAMPLE_COUNT} images, C*H*W values each, in
		 * [-1, 1]
		 */
		void accept(long step, float[] images);

	}

	/**
	 * Persists the trainer.
	 */
	@FunctionalInterface
	public interface SnapshotSink {

		/**
		 * Called between steps, so the trainer is consistent.
		 * @param trainer the trainer
		 * @param last the statistics of the last step
		 * @throws java.io.UncheckedIOException when the snapshot cannot be written; the
		 * run stops
		 */
		void accept(GanTrainer trainer, StepStats last);

	}

}
