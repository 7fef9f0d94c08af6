package dev.ganforge.cli;

import dev.ganforge.data.DatasetSpec;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.run.DivergencePolicy;
import dev.ganforge.run.RunConfig;
import dev.ganforge.run.RunDefaults;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * What {@code train} trains, as a person spells it on the command line: every setting of
 * a {@link RunConfig}, with the defaults of {@link RunDefaults}. A job's worker gets the
 * same settings as a file instead ({@code --config}).
 */
final class TrainingOptions {

	@Option(names = "--dataset", defaultValue = RunDefaults.DATASET,
			description = "fashion-mnist[:train|test], mnist[:train|test], folder:<path in a data root>, "
					+ "synthetic[:count] (default: ${DEFAULT-VALUE})")
	String dataset;

	@Option(names = "--arch", defaultValue = RunDefaults.ARCHITECTURE,
			description = "dcgan or gan (default: ${DEFAULT-VALUE})")
	String architecture;

	@Option(names = "--image-size", defaultValue = "" + RunDefaults.IMAGE_SIZE,
			description = "16, 32, 64 or 128 (default: ${DEFAULT-VALUE})")
	int imageSize;

	@Option(names = "--channels", defaultValue = "" + RunDefaults.CHANNELS,
			description = "1 or 3 (default: ${DEFAULT-VALUE})")
	int channels;

	@Option(names = "--nz", defaultValue = "" + RunDefaults.NZ,
			description = "Latent length (default: ${DEFAULT-VALUE})")
	int nz;

	@Option(names = "--ngf", defaultValue = "" + RunDefaults.NGF,
			description = "Generator width (default: ${DEFAULT-VALUE})")
	int ngf;

	@Option(names = "--ndf", defaultValue = "" + RunDefaults.NDF,
			description = "Discriminator width (default: ${DEFAULT-VALUE})")
	int ndf;

	@Option(names = "--epochs", defaultValue = "" + RunDefaults.EPOCHS,
			description = "Passes over the data (default: ${DEFAULT-VALUE})")
	int epochs;

	@Option(names = "--steps", defaultValue = "0", description = "Total steps; overrides --epochs when > 0")
	long steps;

	@Option(names = "--batch-size", defaultValue = "" + RunDefaults.BATCH_SIZE,
			description = "Images per step (default: ${DEFAULT-VALUE})")
	int batchSize;

	@Option(names = "--lr", defaultValue = "" + RunDefaults.LEARNING_RATE,
			description = "Adam learning rate of G and D (default: ${DEFAULT-VALUE})")
	double learningRate;

	@Option(names = "--lr-d", description = "D's learning rate, if different from --lr")
	Double learningRateD;

	@Option(names = "--lr-g", description = "G's learning rate, if different from --lr")
	Double learningRateG;

	@Option(names = "--beta1", defaultValue = "" + RunDefaults.BETA1,
			description = "Adam beta1 (default: ${DEFAULT-VALUE})")
	double beta1;

	@Option(names = "--beta2", defaultValue = "" + RunDefaults.BETA2,
			description = "Adam beta2 (default: ${DEFAULT-VALUE})")
	double beta2;

	@Option(names = "--loss", defaultValue = RunDefaults.LOSS,
			description = "non-saturating, minimax or hinge (default: ${DEFAULT-VALUE})")
	String loss;

	@Option(names = "--label-smoothing", defaultValue = "0",
			description = "One-sided label smoothing: D's real target is 1 minus this, e.g. 0.1 (default: off)")
	float labelSmoothing;

	@Option(names = "--ema-decay", defaultValue = "0",
			description = "Keep an average of G's weights with this decay, e.g. 0.999, and export it (default: off)")
	float emaDecay;

	@Option(names = "--d-steps", defaultValue = "" + RunDefaults.D_STEPS,
			description = "D updates per G update, each on its own batch (default: ${DEFAULT-VALUE})")
	int dSteps;

	@Option(names = "--spectral-norm",
			description = "Spectral normalisation of every D layer's weight (Miyato et al. 2018)")
	boolean spectralNorm;

	@Option(names = "--ema-rampup", defaultValue = "0",
			description = "Warm-up of the weight average: its half-life is at most this fraction of the steps done, "
					+ "e.g. 0.05 as in stylegan2-ada; needs --ema-decay (default: off)")
	float emaRampup;

	@Option(names = "--diff-augment", defaultValue = "",
			description = "Differentiable augmentation of every image D sees, real and fake (Zhao et al. 2020): "
					+ "translation, cutout or translation,cutout (default: off)")
	String diffAugment;

	@Option(names = "--conditional", description = "Train a class-conditional pair on the dataset's labels "
			+ "(IDX label files, the synthetic shapes, or a folder's first-level subfolders)")
	boolean conditional;

	@Option(names = "--seed", defaultValue = "" + RunDefaults.SEED,
			description = "Seed of weights, data order and noise (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--sample-every", defaultValue = "" + RunDefaults.SAMPLE_EVERY,
			description = "Steps between sample grids (default: ${DEFAULT-VALUE})")
	int sampleEvery;

	@Option(names = "--snapshot-every", defaultValue = "" + RunDefaults.SNAPSHOT_EVERY,
			description = "Steps between snapshots (default: ${DEFAULT-VALUE})")
	int snapshotEvery;

	@Option(names = "--on-divergence", defaultValue = RunDefaults.ON_DIVERGENCE,
			description = "warn, rollback (to the last snapshot before the trouble, with lower learning "
					+ "rates) or stop, when training diverges or collapses (default: ${DEFAULT-VALUE})")
	String onDivergence;

	@Option(names = "--divergence-window", defaultValue = "" + RunDefaults.DIVERGENCE_WINDOW,
			description = "Steps of evidence for a divergence (default: ${DEFAULT-VALUE})")
	int divergenceWindow;

	@Option(names = "--max-rollbacks", defaultValue = "" + RunDefaults.MAX_ROLLBACKS,
			description = "Rollbacks before a diverging run stops (default: ${DEFAULT-VALUE})")
	int maxRollbacks;

	@Option(names = "--rollback-lr-factor", defaultValue = "" + RunDefaults.ROLLBACK_LR_FACTOR,
			description = "Factor on both learning rates at each rollback (default: ${DEFAULT-VALUE})")
	double rollbackLrFactor;

	@Option(names = "--evaluate-every", defaultValue = "0",
			description = "Steps between evaluations (FD and KID of the served generator against the "
					+ "dataset's test split), and one at the end; keeps the best generator by FD (default: off)")
	int evaluateEvery;

	@Option(names = "--evaluate-samples", defaultValue = "" + RunDefaults.EVALUATE_SAMPLES,
			description = "Images on each side of an evaluation, 10 to 10000; numbers are comparable only "
					+ "at equal counts (default: ${DEFAULT-VALUE})")
	int evaluateSamples;

	@Option(names = "--fd-rising-evaluations", defaultValue = "" + RunDefaults.FD_RISING_EVALUATIONS,
			description = "Consecutive rises of FD that count as a divergence (default: ${DEFAULT-VALUE})")
	int fdRisingEvaluations;

	/**
	 * The run the options describe.
	 * @return the configuration
	 * @throws IllegalArgumentException naming the first value that cannot be trained with
	 */
	RunConfig config() {
		NetworkSpec spec = new NetworkSpec(Architecture.fromId(this.architecture), this.imageSize, this.channels,
				this.nz, this.ngf, this.ndf);
		TrainingConfig training = new TrainingConfig(spec, DatasetSpec.parse(this.dataset).toString(),
				(this.steps > 0) ? 0 : this.epochs, this.steps, this.batchSize,
				(float) ((this.learningRateD != null) ? this.learningRateD : this.learningRate),
				(float) ((this.learningRateG != null) ? this.learningRateG : this.learningRate), (float) this.beta1,
				(float) this.beta2, this.seed, GanLoss.fromId(this.loss), this.sampleEvery, this.snapshotEvery,
				new TrainingConfig.Stabilisers(this.labelSmoothing, this.emaDecay, this.dSteps, this.spectralNorm,
						this.emaRampup, this.diffAugment));
		return new RunConfig(training, this.conditional,
				new RunConfig.Divergence(DivergencePolicy.fromId(this.onDivergence), this.divergenceWindow,
						this.maxRollbacks, this.rollbackLrFactor, this.fdRisingEvaluations),
				new RunConfig.Evaluation(this.evaluateEvery, this.evaluateSamples));
	}

}
