package dev.ganforge.checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.StepStats;
import dev.ganforge.training.TrainingConfig;

/**
 * What a checkpoint holds and what made it, stored as {@code manifest.json}. A file
 * format: fields are plain values, never internal types, and {@link #FORMAT_VERSION}
 * changes with any incompatible change.
 *
 * @param formatVersion the layout version; loaders refuse any other
 * @param name the model's name (its directory name)
 * @param architecture {@code dcgan} or {@code gan}
 * @param imageSize side of the square images
 * @param channels 1 or 3
 * @param nz latent length
 * @param ngf generator width
 * @param ndf discriminator width
 * @param dataset the dataset spec trained on
 * @param step training steps completed
 * @param seed the run's seed
 * @param hyperparameters the optimisation settings
 * @param createdAt when this checkpoint was written
 * @param finalStats the last step's statistics, or null
 * @param metrics quality metrics when known (name to value), possibly empty
 * @param sha256 hex SHA-256 of each parameter file, by file name
 * @param provenance what produced it and how long it took
 * @param classes the classes of a class-conditional generator, in label order, with the
 * training images of each; null or empty for an unconditional one (every manifest written
 * before conditional models)
 */
public record Manifest(int formatVersion, String name, String architecture, int imageSize, int channels, int nz,
		int ngf, int ndf, String dataset, long step, long seed, Hyperparameters hyperparameters, Instant createdAt,
		FinalStats finalStats, Map<String, Object> metrics, Map<String, String> sha256, Provenance provenance,
		List<ModelClass> classes) {

	/** The checkpoint layout this code writes and reads. */
	public static final int FORMAT_VERSION = 1;

	/**
	 * The manifest of an unconditional trainer's current state.
	 * @param name the model's name
	 * @param config the run's configuration
	 * @param step steps completed
	 * @param last the last step's statistics, or null
	 * @param provenance what produced it
	 * @return a manifest without file checksums (the store fills them in)
	 */
	public static Manifest of(String name, TrainingConfig config, long step, StepStats last, Provenance provenance) {
		return of(name, config, step, last, provenance, null);
	}

	/**
	 * The manifest of a trainer's current state.
	 * @param name the model's name
	 * @param config the run's configuration
	 * @param step steps completed
	 * @param last the last step's statistics, or null
	 * @param provenance what produced it
	 * @param classes the classes of a conditional pair, one per class of its spec; null
	 * or empty for an unconditional one
	 * @return a manifest without file checksums (the store fills them in)
	 * @throws IllegalArgumentException if the classes do not match the spec's
	 */
	public static Manifest of(String name, TrainingConfig config, long step, StepStats last, Provenance provenance,
			List<ModelClass> classes) {
		NetworkSpec spec = config.network();
		List<ModelClass> named = (classes != null) ? List.copyOf(classes) : List.of();
		if (named.size() != spec.classes()) {
			throw new IllegalArgumentException(
					named.size() + " class names for a generator of " + spec.classes() + " classes");
		}
		return new Manifest(FORMAT_VERSION, name, spec.architecture().id(), spec.imageSize(), spec.channels(),
				spec.nz(), spec.ngf(), spec.ndf(), config.dataset(), step, config.seed(), Hyperparameters.of(config),
				Instant.now(), (last != null) ? FinalStats.of(last) : null, Map.of(), Map.of(), provenance,
				named.isEmpty() ? null : named);
	}

	/**
	 * The names of the classes, in label order.
	 * @return the names; empty for an unconditional generator
	 */
	public List<String> classNames() {
		return (this.classes != null) ? this.classes.stream().map(ModelClass::name).toList() : List.of();
	}

	/**
	 * The network sizes.
	 * @return the spec
	 * @throws IllegalArgumentException if the manifest holds impossible sizes
	 */
	public NetworkSpec network() {
		return new NetworkSpec(Architecture.fromId(this.architecture), this.imageSize, this.channels, this.nz, this.ngf,
				this.ndf, (this.classes != null) ? this.classes.size() : 0);
	}

	/**
	 * The configuration of the run that produced this checkpoint.
	 * @return the config
	 */
	public TrainingConfig trainingConfig() {
		Hyperparameters h = this.hyperparameters;
		return new TrainingConfig(network(), this.dataset, h.epochs(), h.steps(), h.batchSize(), h.learningRateD(),
				h.learningRateG(), h.beta1(), h.beta2(), this.seed, GanLoss.fromId(h.loss()), h.sampleEvery(),
				h.snapshotEvery(), h.stabilisers());
	}

	Manifest withNameAndChecksums(String newName, Map<String, String> checksums) {
		return new Manifest(this.formatVersion, newName, this.architecture, this.imageSize, this.channels, this.nz,
				this.ngf, this.ndf, this.dataset, this.step, this.seed, this.hyperparameters, this.createdAt,
				this.finalStats, this.metrics, Map.copyOf(checksums), this.provenance, this.classes);
	}

	/**
	 * A copy with other metrics.
	 * @param newMetrics the metrics
	 * @return the copy
	 */
	public Manifest withMetrics(Map<String, Object> newMetrics) {
		return new Manifest(this.formatVersion, this.name, this.architecture, this.imageSize, this.channels, this.nz,
				this.ngf, this.ndf, this.dataset, this.step, this.seed, this.hyperparameters, this.createdAt,
				this.finalStats, Map.copyOf(newMetrics), this.sha256, this.provenance, this.classes);
	}

	/**
	 * The optimisation settings of the run. The stabilisers came later than the rest:
	 * manifests written before them have none, and a missing value means the stabiliser
	 * was off.
	 *
	 * @param epochs passes requested (0 when steps were given)
	 * @param steps steps requested (0 when epochs were given)
	 * @param batchSize images per step
	 * @param learningRateD D's Adam learning rate
	 * @param learningRateG G's Adam learning rate
	 * @param beta1 Adam beta1
	 * @param beta2 Adam beta2
	 * @param loss the adversarial objective
	 * @param sampleEvery steps between sample grids
	 * @param snapshotEvery steps between snapshots
	 * @param labelSmoothing one-sided label smoothing (0 or null: off)
	 * @param emaDecay decay of G's weight average (0 or null: off; else the exported
	 * generator is the average)
	 * @param dSteps D updates per G update (null: 1)
	 * @param spectralNorm spectral normalisation of D (null: off)
	 * @param emaRampup warm-up of G's weight average (0 or null: off)
	 * @param diffAugment D's differentiable augmentations (empty or null: off)
	 */
	public record Hyperparameters(int epochs, long steps, int batchSize, float learningRateD, float learningRateG,
			float beta1, float beta2, String loss, int sampleEvery, int snapshotEvery, Float labelSmoothing,
			Float emaDecay, Integer dSteps, Boolean spectralNorm, Float emaRampup, String diffAugment) {

		/**
		 * The settings without stabilisers, as manifests before them held.
		 * @param epochs passes requested
		 * @param steps steps requested
		 * @param batchSize images per step
		 * @param learningRateD D's Adam learning rate
		 * @param learningRateG G's Adam learning rate
		 * @param beta1 Adam beta1
		 * @param beta2 Adam beta2
		 * @param loss the adversarial objective
		 * @param sampleEvery steps between sample grids
		 * @param snapshotEvery steps between snapshots
		 */
		public Hyperparameters(int epochs, long steps, int batchSize, float learningRateD, float learningRateG,
				float beta1, float beta2, String loss, int sampleEvery, int snapshotEvery) {
			this(epochs, steps, batchSize, learningRateD, learningRateG, beta1, beta2, loss, sampleEvery, snapshotEvery,
					null, null, null, null, null, null);
		}

		static Hyperparameters of(TrainingConfig config) {
			TrainingConfig.Stabilisers s = config.stabilisers();
			return new Hyperparameters(config.epochs(), config.steps(), config.batchSize(), config.learningRateD(),
					config.learningRateG(), config.beta1(), config.beta2(), config.loss().id(), config.sampleEvery(),
					config.snapshotEvery(), s.labelSmoothing(), s.emaDecay(), s.dSteps(), s.spectralNorm(),
					s.emaRampup(), s.diffAugment());
		}

		/**
		 * The stabilisers, with missing values read as off.
		 * @return the stabilisers
		 * @throws IllegalArgumentException if a value is out of range
		 */
		public TrainingConfig.Stabilisers stabilisers() {
			TrainingConfig.Stabilisers none = TrainingConfig.Stabilisers.NONE;
			return new TrainingConfig.Stabilisers(
					(this.labelSmoothing != null) ? this.labelSmoothing : none.labelSmoothing(),
					(this.emaDecay != null) ? this.emaDecay : none.emaDecay(),
					(this.dSteps != null) ? this.dSteps : none.dSteps(),
					(this.spectralNorm != null) ? this.spectralNorm : none.spectralNorm(),
					(this.emaRampup != null) ? this.emaRampup : none.emaRampup(),
					(this.diffAugment != null) ? this.diffAugment : none.diffAugment());
		}

	}

	/**
	 * Where a checkpoint came from.
	 *
	 * @param source {@code cli} or {@code job:<id>}
	 * @param command the command line or job request that started the run
	 * @param trainingSeconds wall-clock seconds spent training, resumes included
	 */
	public record Provenance(String source, String command, double trainingSeconds) {
	}

	/**
	 * The last step's statistics.
	 *
	 * @param lossD D's loss
	 * @param lossG G's loss
	 * @param dReal mean D(x)
	 * @param dFake mean D(G(z)) after D's update
	 */
	public record FinalStats(float lossD, float lossG, float dReal, float dFake) {

		static FinalStats of(StepStats stats) {
			return new FinalStats(stats.lossD(), stats.lossG(), stats.dReal(), stats.dFakeAfter());
		}

	}

	/**
	 * One class of a conditional generator.
	 *
	 * @param name the class's name, e.g. {@code Sneaker} or a folder's subfolder
	 * @param trainingImages how many training images it had
	 */
	public record ModelClass(String name, int trainingImages) {
	}

}
