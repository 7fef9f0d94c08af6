package dev.ganforge.training;

import java.util.Optional;
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
 * @param evaluateEvery steps between evaluations (and one at the end), 0 for none
 * @param evaluation asked to evaluate the served generator every {@code evaluateEvery}
 * steps and at the end, before that step's snapshot
 */
public record TrainingCallbacks(BooleanSupplier abort, Consumer<StepStats> progress, SampleSink samples,
		SnapshotSink snapshot, int evaluateEvery, EvaluationSink evaluation) {

	public TrainingCallbacks {
		if (evaluateEvery < 0) {
			throw new IllegalArgumentException("evaluateEvery must not be negative, was " + evaluateEvery);
		}
	}

	/**
	 * Callbacks without evaluations.
	 * @param abort polled before every step
	 * @param progress receives every step's statistics
	 * @param samples receives fixed-noise samples
	 * @param snapshot persists the trainer
	 */
	public TrainingCallbacks(BooleanSupplier abort, Consumer<StepStats> progress, SampleSink samples,
			SnapshotSink snapshot) {
		this(abort, progress, samples, snapshot, 0, (trainer, step) -> Optional.empty());
	}

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

	/**
	 * Measures the served generator's quality.
	 */
	@FunctionalInterface
	public interface EvaluationSink {

		/**
		 * Called between steps, so the trainer is consistent.
		 * @param trainer the trainer; evaluate {@link GanTrainer#generate}, the served
		 * generator
		 * @param step steps completed
		 * @return the scores the divergence monitor watches, or empty
		 */
		Optional<Scores> accept(GanTrainer trainer, long step);

	}

	/**
	 * What an evaluation measured that the divergence monitor watches.
	 *
	 * @param fd the Frechet distance
	 * @param worstClass the class made least often relative to its real share, or null
	 * when the evaluation has no classes
	 * @param worstClassShareRatio that class's generated share over its real share, or
	 * null
	 */
	public record Scores(double fd, String worstClass, Double worstClassShareRatio) {

	}

}
