package dev.ganforge.training;

import dev.ganforge.nn.NetworkSpec;

/**
 * Everything that determines a training run. Defaults follow the DCGAN paper: Adam with
 * learning rate 2e-4 and beta1 0.5, batch 64. Two-timescale updates (TTUR, Heusel et al.
 * 2017) are {@code learningRateD != learningRateG}, e.g. 4e-4 for D and 1e-4 for G.
 *
 * @param network the generator/discriminator sizes
 * @param dataset the dataset spec, as the data package parses it
 * @param epochs passes over the data; used when {@code steps} is 0
 * @param steps total training steps (one G update each, after {@code dSteps} D updates);
 * 0 means {@code epochs} full passes
 * @param batchSize images per step
 * @param learningRateD Adam learning rate of D
 * @param learningRateG Adam learning rate of G
 * @param beta1 Adam beta1 for both networks
 * @param beta2 Adam beta2 for both networks
 * @param seed seeds weights, data order, noise and the fixed sample noise
 * @param loss the adversarial objective
 * @param sampleEvery steps between fixed-noise sample grids (0: only at the end)
 * @param snapshotEvery steps between resumable snapshots (0: only at the end)
 * @param stabilisers the optional stabilisers; null means {@link Stabilisers#NONE}
 */
public record TrainingConfig(NetworkSpec network, String dataset, int epochs, long steps, int batchSize,
		float learningRateD, float learningRateG, float beta1, float beta2, long seed, GanLoss loss, int sampleEvery,
		int snapshotEvery, Stabilisers stabilisers) {

	/** Largest batch accepted. */
	public static final int MAX_BATCH_SIZE = 1024;

	/**
	 * A configuration without stabilisers.
	 * @param network the generator/discriminator sizes
	 * @param dataset the dataset spec
	 * @param epochs passes over the data; used when {@code steps} is 0
	 * @param steps total training steps; 0 means {@code epochs} full passes
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
	public TrainingConfig(NetworkSpec network, String dataset, int epochs, long steps, int batchSize,
			float learningRateD, float learningRateG, float beta1, float beta2, long seed, GanLoss loss,
			int sampleEvery, int snapshotEvery) {
		this(network, dataset, epochs, steps, batchSize, learningRateD, learningRateG, beta1, beta2, seed, loss,
				sampleEvery, snapshotEvery, Stabilisers.NONE);
	}

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
		if (stabilisers == null) {
			stabilisers = Stabilisers.NONE;
		}
		if (loss == GanLoss.HINGE && stabilisers.labelSmoothing() > 0f) {
			throw new IllegalArgumentException("labelSmoothing applies to the cross-entropy losses, not to hinge");
		}
	}

	/**
	 * A copy with other stabilisers.
	 * @param newStabilisers the stabilisers
	 * @return the copy
	 */
	public TrainingConfig withStabilisers(Stabilisers newStabilisers) {
		return new TrainingConfig(this.network, this.dataset, this.epochs, this.steps, this.batchSize,
				this.learningRateD, this.learningRateG, this.beta1, this.beta2, this.seed, this.loss, this.sampleEvery,
				this.snapshotEvery, newStabilisers);
	}

	/**
	 * A copy for other network sizes, e.g. conditioned on a dataset's classes.
	 * @param other the sizes
	 * @return the copy
	 */
	public TrainingConfig withNetwork(NetworkSpec other) {
		return new TrainingConfig(other, this.dataset, this.epochs, this.steps, this.batchSize, this.learningRateD,
				this.learningRateG, this.beta1, this.beta2, this.seed, this.loss, this.sampleEvery, this.snapshotEvery,
				this.stabilisers);
	}

	/**
	 * A copy with other learning rates, as after a rollback.
	 * @param newLearningRateD D's learning rate
	 * @param newLearningRateG G's learning rate
	 * @return the copy
	 */
	public TrainingConfig withLearningRates(float newLearningRateD, float newLearningRateG) {
		return new TrainingConfig(this.network, this.dataset, this.epochs, this.steps, this.batchSize, newLearningRateD,
				newLearningRateG, this.beta1, this.beta2, this.seed, this.loss, this.sampleEvery, this.snapshotEvery,
				this.stabilisers);
	}

	/**
	 * Real images each step consumes: one batch per D step.
	 * @return {@code batchSize * stabilisers.dSteps()}
	 */
	public int imagesPerStep() {
		return this.batchSize * this.stabilisers.dSteps();
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
	 * Full steps in one pass, each consuming {@link #imagesPerStep()} images; the images
	 * left over are dropped (BatchNorm dislikes tiny batches).
	 * @param datasetSize number of images
	 * @return at least 1
	 */
	public int stepsPerEpoch(int datasetSize) {
		return Math.max(1, datasetSize / imagesPerStep());
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

	/**
	 * Optional stabilisers of the min-max game. {@link #NONE} trains plain DCGAN.
	 *
	 * @param labelSmoothing one-sided label smoothing (Salimans et al. 2016): D's target
	 * for real images is {@code 1 - labelSmoothing}, for fakes still 0; in [0, 0.5), 0 is
	 * off; cross-entropy losses only
	 * @param emaDecay decay of an exponential moving average of G's weights (e.g. 0.999),
	 * in [0, 1), 0 is off; when on, the average is what samples, exports and serving use
	 * @param dSteps D updates before each G update, from 1 to {@link #MAX_D_STEPS}; each
	 * on its own real batch and its own noise
	 * @param spectralNorm spectral normalisation (Miyato et al. 2018) of D: every
	 * convolution and linear weight is divided by its largest singular value, estimated
	 * by one power iteration per training forward pass
	 * @param emaRampup warm-up of the weight average, in [0, 1], 0 is off: the average's
	 * half-life is at most this fraction of the steps done so far, so that early averages
	 * are not dominated by the random initial G (stylegan2-ada's {@code ema_rampup});
	 * only with {@code emaDecay} on
	 * @param diffAugment the differentiable augmentations applied to every image D sees,
	 * real and fake, in training ({@link DiffAugment}); empty is off
	 */
	public record Stabilisers(float labelSmoothing, float emaDecay, int dSteps, boolean spectralNorm, float emaRampup,
			String diffAugment) {

		/** Most D steps per G step accepted. */
		public static final int MAX_D_STEPS = 10;

		/** No stabilisers: label 1, no EMA, one D step, no spectral norm. */
		public static final Stabilisers NONE = new Stabilisers(0f, 0f, 1, false);

		/**
		 * Stabilisers without EMA warm-up and augmentation.
		 * @param labelSmoothing one-sided label smoothing, 0 is off
		 * @param emaDecay decay of G's weight average, 0 is off
		 * @param dSteps D updates per G update
		 * @param spectralNorm spectral normalisation of D
		 */
		public Stabilisers(float labelSmoothing, float emaDecay, int dSteps, boolean spectralNorm) {
			this(labelSmoothing, emaDecay, dSteps, spectralNorm, 0f, "");
		}

		/**
		 * Validates the values.
		 * @throws IllegalArgumentException naming the first field out of range
		 */
		public Stabilisers {
			if (!(labelSmoothing >= 0f && labelSmoothing < 0.5f)) {
				throw new IllegalArgumentException("labelSmoothing must be in [0, 0.5), was " + labelSmoothing);
			}
			if (!(emaDecay >= 0f && emaDecay < 1f)) {
				throw new IllegalArgumentException("emaDecay must be in [0, 1) (0 is off), was " + emaDecay);
			}
			if (dSteps < 1 || dSteps > MAX_D_STEPS) {
				throw new IllegalArgumentException("dSteps must be from 1 to " + MAX_D_STEPS + ", was " + dSteps);
			}
			if (!(emaRampup >= 0f && emaRampup <= 1f)) {
				throw new IllegalArgumentException("emaRampup must be in [0, 1] (0 is off), was " + emaRampup);
			}
			if (emaRampup > 0f && emaDecay == 0f) {
				throw new IllegalArgumentException("emaRampup needs emaDecay: it warms up the weight average");
			}
			diffAugment = DiffAugment.canonical(diffAugment);
		}

		/**
		 * The weight average's decay after {@code step} G updates: {@code emaDecay}, or
		 * during the warm-up the decay whose half-life is {@code emaRampup * step} steps,
		 * whichever is smaller (stylegan2-ada {@code training_loop.py}: the horizon in
		 * images is {@code min(ema_nimg, cur_nimg * ema_rampup)}; in steps the batch size
		 * cancels).
		 * @param step G updates done, the one just made included
		 * @return the decay to blend with
		 */
		public float emaDecayAt(long step) {
			if (this.emaRampup == 0f) {
				return this.emaDecay;
			}
			double halfLife = Math.log(0.5) / Math.log(this.emaDecay);
			double rampedHalfLife = Math.min(halfLife, this.emaRampup * step);
			return (rampedHalfLife <= 0) ? 0f : (float) Math.pow(0.5, 1.0 / rampedHalfLife);
		}

		/**
		 * D's target for real images.
		 * @return {@code 1 - labelSmoothing}
		 */
		public float realLabel() {
			return 1f - this.labelSmoothing;
		}

		/**
		 * Whether an average of G's weights is kept.
		 * @return {@code emaDecay > 0}
		 */
		public boolean ema() {
			return this.emaDecay > 0f;
		}

	}

}
