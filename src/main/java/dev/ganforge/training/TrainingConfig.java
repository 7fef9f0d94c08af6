package dev.ganforge.training;

import dev.ganforge.nn.NetworkSpec;

/**
 * Everything that determines a training run. Defaults follow the DCGAN paper: Adam with
 * learning rate 2e-4 and beta1 0.5, batch 64.
 *
 * @param network the generator/discriminator sizes
 * @param dataset the dataset spec, as the data package parses it
 * @param epochs passes over the data; used when {@code steps} is 0
 * @param steps total training steps (one D update and one G update each); 0 means
 * {@code epochs} full passes
 * @param batchSize images per step
 * @param learningRateD Adam learning rate of D
 * @param learningRateG Adam learning rate of G
 * @param beta1 Adam beta1 for both networks
 * @param beta2 Adam beta2 for both networks
 * @param seed seeds weights, data order, noise and the fixed sample noise
 * @param loss the adversarial objective
 * @param sampleEvery steps between fixed-noise sample grids (0: only at the end)
 * @param snapshotEvery steps between resumable snapshots (0: only at the end)
 */
public record TrainingConfig(NetworkSpec network, String dataset, int epochs, long steps, int batchSize,
		float learningRateD, float learningRateG, float beta1, float beta2, long seed, GanLoss loss, int sampleEvery,
		int snapshotEvery) {

	/** Largest batch accepted. */
	public static final int MAX_BATCH_SIZE = 1024;

	/**
	 * Validates the values.
	 * @throws IllegalArgumentException naming the first field out of range
	 */
	public TrainingConfig {
		if (network == null) {
			throw new IllegalArgumentException("network is required");
		}
		if (dataset == null || dataset.isBlank()) {
			throw new IllegalArgumentException("dataset is required");
		}
		if (epochs < 0 || steps < 0 || (epochs == 0 && steps == 0)) {
			throw new IllegalArgumentException("give epochs > 0 or steps > 0");
		}
		if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException("batchSize must be from 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
		}
		requireRate("learningRateD", learningRateD);
		requireRate("learningRateG", learningRateG);
		requireBeta("beta1", beta1);
		requireBeta("beta2", beta2);
		if (loss == null) {
			throw new IllegalArgumentException("loss is required");
		}
		if (sampleEvery < 0 || snapshotEvery < 0) {
			throw new IllegalArgumentException("sampleEvery and snapshotEvery must not be negative");
		}
	}

	/**
	 * Total steps of the run for a dataset of the given size.
	 * @param datasetSize number of images
	 * @return {@code steps}, or {@code epochs} times the full batches per epoch
	 */
	public long totalSteps(int datasetSize) {
		return (this.steps > 0) ? this.steps : (long) this.epochs * stepsPerEpoch(datasetSize);
	}

	/**
	 * Full batches in one pass; a last partial batch is dropped (BatchNorm dislikes tiny
	 * batches).
	 * @param datasetSize number of images
	 * @return at least 1
	 */
	public int stepsPerEpoch(int datasetSize) {
		return Math.max(1, datasetSize / this.batchSize);
	}

	private static void requireRate(String name, float value) {
		if (!(value > 0f && value <= 1f)) {
			throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
		}
	}

	private static void requireBeta(String name, float value) {
		if (!(value >= 0f && value < 1f)) {
			throw new IllegalArgumentException(name + " must be in [0, 1), was " + value);
		}
	}

}
