package dev.ganforge.jobs;

import dev.ganforge.data.DatasetSpec;
import dev.ganforge.models.ModelNames;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.run.DivergencePolicy;
import dev.ganforge.run.RunConfig;
import dev.ganforge.run.RunDefaults;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.TrainingConfig;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A training job as submitted. Absent values take their defaults in the constructor
 * (those of the {@code train} command), so the stored request says exactly what ran, the
 * seed included.
 *
 * @param modelName the model the job publishes when it succeeds
 * @param dataset the dataset spec
 * @param architecture {@code dcgan} or {@code gan}
 * @param imageSize side of the square images
 * @param channels 1 or 3
 * @param nz latent length
 * @param ngf generator width
 * @param ndf discriminator width
 * @param epochs passes over the data, used when steps is 0
 * @param steps total steps; overrides epochs when above 0
 * @param batchSize images per step
 * @param learningRateD D's Adam learning rate
 * @param learningRateG G's Adam learning rate
 * @param beta1 Adam beta1
 * @param beta2 Adam beta2
 * @param loss the adversarial objective
 * @param seed seeds weights, data order and noise
 * @param sampleEvery steps between fixed-noise sample grids
 * @param snapshotEvery steps between resumable snapshots
 * @param labelSmoothing one-sided label smoothing of D's real target, 0 for off
 * @param emaDecay decay of the average of G's weights that is served, 0 for off
 * @param dSteps D updates per G update
 * @param spectralNorm spectral normalisation of D's weights
 * @param emaRampup warm-up of G's weight average, 0 for off
 * @param diffAugment D's differentiable augmentations, empty for off
 * @param onDivergence {@code warn}, {@code rollback} or {@code stop}
 * @param divergenceWindow steps of evidence for a divergence
 * @param evaluateEvery steps between evaluations of FD and KID, 0 for none; needs a
 * dataset with a feature extractor
 * @param evaluateSamples images on each side of an evaluation
 * @param conditional train a class-conditional pair on the dataset's labels
 */
@Schema(description = "A training job. Only modelName is required; the rest default to the DCGAN paper's settings.")
public record JobRequest(@Schema(description = "Name of the model published on success (must not exist yet)",
		example = "my-fashion-gan") @NotNull @Pattern(regexp = ModelNames.PATTERN,
				message = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit") String modelName,
		@Schema(description = "fashion-mnist[:train|test], mnist[:train|test], folder:<path in a data root>, "
				+ "synthetic[:count]", defaultValue = RunDefaults.DATASET, example = "synthetic:512") @Size(min = 1,
						max = 256, message = "must be 1 to 256 characters long") String dataset,
		@Schema(description = "dcgan or gan (MLP)", defaultValue = RunDefaults.ARCHITECTURE, example = "gan") @Pattern(
				regexp = "dcgan|gan", message = "must be 'dcgan' or 'gan'") String architecture,
		@Schema(description = "16, 32, 64 or 128", defaultValue = "" + RunDefaults.IMAGE_SIZE,
				example = "16") @Min(16) @Max(128) Integer imageSize,
		@Schema(description = "1 (grayscale) or 3 (RGB)",
				defaultValue = "" + RunDefaults.CHANNELS) @Min(1) @Max(3) Integer channels,
		@Schema(description = "Latent length",
				defaultValue = "" + RunDefaults.NZ) @Min(1) @Max(NetworkSpec.MAX_NZ) Integer nz,
		@Schema(description = "Generator width",
				defaultValue = "" + RunDefaults.NGF) @Min(1) @Max(NetworkSpec.MAX_WIDTH) Integer ngf,
		@Schema(description = "Discriminator width",
				defaultValue = "" + RunDefaults.NDF) @Min(1) @Max(NetworkSpec.MAX_WIDTH) Integer ndf,
		@Schema(description = "Passes over the data; 5 when neither epochs nor steps is given",
				example = "2") @Min(0) @Max(100_000) Integer epochs,
		@Schema(description = "Total steps; overrides epochs when above 0",
				example = "200") @Min(0) @Max(100_000_000) Long steps,
		@Schema(description = "Images per step", defaultValue = "" + RunDefaults.BATCH_SIZE,
				example = "32") @Min(1) @Max(TrainingConfig.MAX_BATCH_SIZE) Integer batchSize,
		@Schema(description = "D's Adam learning rate", defaultValue = "" + RunDefaults.LEARNING_RATE) @DecimalMin(
				value = "0", inclusive = false) @DecimalMax("1") Double learningRateD,
		@Schema(description = "G's Adam learning rate", defaultValue = "" + RunDefaults.LEARNING_RATE) @DecimalMin(
				value = "0", inclusive = false) @DecimalMax("1") Double learningRateG,
		@Schema(description = "Adam beta1", defaultValue = "" + RunDefaults.BETA1) @DecimalMin("0") @DecimalMax(
				value = "1", inclusive = false) Double beta1,
		@Schema(description = "Adam beta2", defaultValue = "" + RunDefaults.BETA2) @DecimalMin("0") @DecimalMax(
				value = "1", inclusive = false) Double beta2,
		@Schema(description = "non-saturating, minimax or hinge", defaultValue = RunDefaults.LOSS) @Pattern(
				regexp = "non-saturating|minimax|hinge",
				message = "must be 'non-saturating', 'minimax' or 'hinge'") String loss,
		@Schema(description = "Seed of weights, data order and noise: the same request trains the same model",
				defaultValue = "" + RunDefaults.SEED) Long seed,
		@Schema(description = "Steps between sample grids",
				defaultValue = "" + RunDefaults.SAMPLE_EVERY) @Min(0) @Max(1_000_000) Integer sampleEvery,
		@Schema(description = "Steps between resumable snapshots",
				defaultValue = "" + RunDefaults.SNAPSHOT_EVERY) @Min(0) @Max(1_000_000) Integer snapshotEvery,
		@Schema(description = "One-sided label smoothing: D's target for real images is 1 - labelSmoothing; "
				+ "in [0, 0.5), 0 is off", defaultValue = "0",
				example = "0.1") @DecimalMin("0") @DecimalMax(value = "0.5", inclusive = false) Double labelSmoothing,
		@Schema(description = "Decay of an exponential moving average of G's weights, which is then what "
				+ "samples and serving use; in [0, 1), 0 is off", defaultValue = "0",
				example = "0.999") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double emaDecay,
		@Schema(description = "D updates per G update, each on its own real batch",
				defaultValue = ""
						+ RunDefaults.D_STEPS) @Min(1) @Max(TrainingConfig.Stabilisers.MAX_D_STEPS) Integer dSteps,
		@Schema(description = "Spectral normalisation of D's weights", defaultValue = "false") Boolean spectralNorm,
		@Schema(description = "Warm-up of G's weight average: its half-life is at most this fraction of the steps "
				+ "done, so early averages forget the random initial G (stylegan2-ada's ema_rampup); in [0, 1], "
				+ "0 is off; needs emaDecay", defaultValue = "0",
				example = "0.05") @DecimalMin("0") @DecimalMax("1") Double emaRampup,
		@Schema(description = "Differentiable augmentation of every image D sees, real and fake (Zhao et al. "
				+ "2020): 'translation', 'cutout' or both, comma-separated; empty is off", defaultValue = "",
				example = "translation,cutout") @Size(max = 64,
						message = "must be at most 64 characters long") String diffAugment,
		@Schema(description = "When training diverges (D wins outright while G's loss climbs, the samples "
				+ "collapse, or a loss is NaN): warn (a warning on the job), rollback (back to the last snapshot "
				+ "before the trouble with both learning rates halved, at most 3 times) or stop (FAILED, "
				+ "resumable)", defaultValue = RunDefaults.ON_DIVERGENCE) @Pattern(regexp = "warn|rollback|stop",
						message = "must be 'warn', 'rollback' or 'stop'") String onDivergence,
		@Schema(description = "Steps of evidence for a divergence",
				defaultValue = "" + RunDefaults.DIVERGENCE_WINDOW) @Min(10) @Max(100_000) Integer divergenceWindow,
		@Schema(description = "Steps between evaluations (FD and KID of the served generator against the "
				+ "dataset's test split, and one at the end); the best generator by FD is published as "
				+ "<modelName>-best. 0 is off. Needs a dataset with a feature extractor (fashion-mnist)",
				defaultValue = "0", example = "500") @Min(0) @Max(1_000_000) Integer evaluateEvery,
		@Schema(description = "Images on each side of an evaluation; numbers compare only at equal counts",
				defaultValue = "" + RunDefaults.EVALUATE_SAMPLES) @Min(10) @Max(10_000) Integer evaluateSamples,
		@Schema(description = "Train a class-conditional pair on the dataset's labels (Fashion-MNIST's and "
				+ "MNIST's label files, the synthetic shapes, or a folder's first-level subfolders); its model then "
				+ "takes a class in POST /generate", defaultValue = "false") Boolean conditional) {

	public JobRequest {
		dataset = (dataset != null) ? dataset.strip() : RunDefaults.DATASET;
		architecture = (architecture != null) ? architecture : RunDefaults.ARCHITECTURE;
		imageSize = (imageSize != null) ? imageSize : RunDefaults.IMAGE_SIZE;
		channels = (channels != null) ? channels : RunDefaults.CHANNELS;
		nz = (nz != null) ? nz : RunDefaults.NZ;
		ngf = (ngf != null) ? ngf : RunDefaults.NGF;
		ndf = (ndf != null) ? ndf : RunDefaults.NDF;
		steps = (steps != null) ? steps : 0L;
		epochs = (epochs != null) ? epochs : ((steps > 0) ? 0 : RunDefaults.EPOCHS);
		batchSize = (batchSize != null) ? batchSize : RunDefaults.BATCH_SIZE;
		learningRateD = (learningRateD != null) ? learningRateD : RunDefaults.LEARNING_RATE;
		learningRateG = (learningRateG != null) ? learningRateG : RunDefaults.LEARNING_RATE;
		beta1 = (beta1 != null) ? beta1 : RunDefaults.BETA1;
		beta2 = (beta2 != null) ? beta2 : RunDefaults.BETA2;
		loss = (loss != null) ? loss : RunDefaults.LOSS;
		seed = (seed != null) ? seed : RunDefaults.SEED;
		sampleEvery = (sampleEvery != null) ? sampleEvery : RunDefaults.SAMPLE_EVERY;
		snapshotEvery = (snapshotEvery != null) ? snapshotEvery : RunDefaults.SNAPSHOT_EVERY;
		labelSmoothing = (labelSmoothing != null) ? labelSmoothing : 0.0;
		emaDecay = (emaDecay != null) ? emaDecay : 0.0;
		dSteps = (dSteps != null) ? dSteps : RunDefaults.D_STEPS;
		spectralNorm = (spectralNorm != null) ? spectralNorm : false;
		emaRampup = (emaRampup != null) ? emaRampup : 0.0;
		diffAugment = (diffAugment != null) ? diffAugment : "";
		onDivergence = (onDivergence != null) ? onDivergence : RunDefaults.ON_DIVERGENCE;
		divergenceWindow = (divergenceWindow != null) ? divergenceWindow : RunDefaults.DIVERGENCE_WINDOW;
		evaluateEvery = (evaluateEvery != null) ? evaluateEvery : 0;
		evaluateSamples = (evaluateSamples != null) ? evaluateSamples : RunDefaults.EVALUATE_SAMPLES;
		conditional = (conditional != null) ? conditional : false;
	}

	/**
	 * The run this request describes, checked as the trainer checks it; what the API does
	 * not expose (the rollback budget, the FD evidence) takes {@link RunDefaults}.
	 * @return the configuration
	 * @throws InvalidJobException naming the field when a value is impossible in
	 * combination (a size that is not a power of two, neither epochs nor steps, an
	 * unknown dataset form)
	 */
	public RunConfig runConfig() {
		if (this.evaluateEvery > 0 && !ModelNames.isValid(ModelNames.bestName(this.modelName))) {
			throw new InvalidJobException("modelName", "must be at most 59 characters when evaluateEvery is set, "
					+ "so that its best model '" + ModelNames.bestName(this.modelName) + "' is a valid name");
		}
		NetworkSpec network;
		try {
			network = new NetworkSpec(Architecture.fromId(this.architecture), this.imageSize, this.channels, this.nz,
					this.ngf, this.ndf);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidJobException.of(ex, "imageSize", "channels", "nz", "ngf", "ndf", "architecture");
		}
		String canonicalDataset;
		try {
			canonicalDataset = DatasetSpec.parse(this.dataset).toString();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobException("dataset", ex.getMessage());
		}
		TrainingConfig.Stabilisers stabilisers;
		try {
			stabilisers = new TrainingConfig.Stabilisers(this.labelSmoothing.floatValue(), this.emaDecay.floatValue(),
					this.dSteps, this.spectralNorm, this.emaRampup.floatValue(), this.diffAugment);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidJobException.of(ex, "labelSmoothing", "emaDecay", "dSteps", "spectralNorm", "emaRampup",
					"diffAugment");
		}
		TrainingConfig training;
		try {
			training = new TrainingConfig(network, canonicalDataset, this.epochs, this.steps, this.batchSize,
					this.learningRateD.floatValue(), this.learningRateG.floatValue(), this.beta1.floatValue(),
					this.beta2.floatValue(), this.seed, GanLoss.fromId(this.loss), this.sampleEvery, this.snapshotEvery,
					stabilisers);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidJobException.of(ex, "steps", "batchSize", "learningRateD", "learningRateG", "beta1", "beta2",
					"loss", "labelSmoothing", "sampleEvery", "snapshotEvery");
		}
		try {
			return new RunConfig(training, this.conditional,
					RunConfig.Divergence.DEFAULT.withPolicy(DivergencePolicy.fromId(this.onDivergence))
						.withWindow(this.divergenceWindow),
					new RunConfig.Evaluation(this.evaluateEvery, this.evaluateSamples));
		}
		catch (IllegalArgumentException ex) {
			throw InvalidJobException.of(ex, "onDivergence", "divergenceWindow", "evaluateEvery", "evaluateSamples");
		}
	}

}
