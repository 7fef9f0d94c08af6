package dev.ganforge.training;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.ganforge.nn.Latents;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.nn.Networks;

/**
 * A generator and a discriminator with their optimisers: the state of a GAN in training.
 * With {@code emaDecay} on it also keeps an average of G's weights
 * ({@link GeneratorAverage}), which {@link #generate} and {@link #servedGenerator} use.
 *
 * <p>
 * Randomness: everything random is drawn in Java, never from the engine's generator,
 * which PyTorch keeps one per process: the initial weights from the run's seed
 * ({@link Networks#initializeGenerator}), the noise of every step from (seed, step,
 * update). So neither depends on what else the process draws, and a run with a given seed
 * starts and continues the same way wherever it runs.
 *
 * <p>
 * Memory: the networks' parameters, gradients and optimiser moments live in this
 * trainer's manager, closed with the trainer. Every array a step creates is derived from
 * the real batch, so it lives in the batch's manager, which the caller closes after the
 * step.
 */
public final class GanTrainer implements AutoCloseable {

	private final TrainingConfig config;

	private final NDManager manager;

	private final Block generator;

	private final Block discriminator;

	private final ParameterStore generatorStore;

	private final ParameterStore discriminatorStore;

	private final AdamOptimizer optimizerG;

	private final AdamOptimizer optimizerD;

	private final List<Parameter> trainableD;

	private final GeneratorAverage average;

	private long completedSteps;

	/**
	 * Builds both networks and initialises them from {@code config.seed()}.
	 * @param config the run's configuration
	 */
	public GanTrainer(TrainingConfig config) {
		this.config = config;
		NetworkSpec spec = config.network();
		this.manager = NDManager.newBaseManager("PyTorch");
		this.generator = Networks.generator(spec);
		this.discriminator = Networks.discriminator(spec, config.stabilisers().spectralNorm());
		Networks.initializeGenerator(this.generator, spec, this.manager, config.seed());
		Networks.initializeDiscriminator(this.discriminator, spec, this.manager, config.seed());
		this.generatorStore = new ParameterStore(this.manager, false);
		this.discriminatorStore = new ParameterStore(this.manager, false);
		this.optimizerG = new AdamOptimizer(config.learningRateG(), config.beta1(), config.beta2());
		this.optimizerD = new AdamOptimizer(config.learningRateD(), config.beta1(), config.beta2());
		// D is frozen and thawed around G's step. Only parameters that required
		// gradients may be thawed: thawing all would make BatchNorm's running
		// statistics and spectral norm vectors trainable.
		this.trainableD = this.discriminator.getParameters()
			.values()
			.stream()
			.filter(Parameter::requiresGradient)
			.toList();
		// Starts as a copy of G, so it draws nothing.
		this.average = config.stabilisers().ema() ? new GeneratorAverage(spec, this.manager) : null;
		if (this.average != null) {
			this.average.copyFrom(this.generator);
		}
	}

	/**
	 * One training step of an unconditional pair, see {@link #step(NDArray, int[], int)}.
	 * @param real {@code dSteps} batches of images in [-1, 1], stacked
	 * @param epoch the epoch the batch belongs to, for the record
	 * @return what the step measured
	 */
	public StepStats step(NDArray real, int epoch) {
		return step(real, null, epoch);
	}

	/**
	 * One training step: {@code dSteps} updates of D, each on its own real batch and its
	 * own noise, then one update of G on the noise of D's last update.
	 *
	 * <p>
	 * A conditional pair sees each real image with its class, and makes each fake for the
	 * class of the real image in the same place of the batch: fakes take the classes as
	 * the data has them (so a class G is asked for as often as D sees it), and D compares
	 * real and fake images of the same classes.
	 * @param real {@code dSteps} batches of images in [-1, 1], stacked: shape (dSteps *
	 * N, C, H, W); every array the step creates is attached to its manager
	 * @param labels the class of each real image, or null for an unconditional pair
	 * @param epoch the epoch the batch belongs to, for the record
	 * @return what the step measured; D's figures are those of its last update
	 * @throws IllegalArgumentException if a conditional pair gets no label per image
	 */
	public StepStats step(NDArray real, int[] labels, int epoch) {
		long started = System.nanoTime();
		TrainingConfig.Stabilisers stabilisers = this.config.stabilisers();
		int dSteps = stabilisers.dSteps();
		long images = real.getShape().get(0);
		if (images % dSteps != 0) {
			throw new IllegalArgumentException(images + " images do not split into " + dSteps + " D batches");
		}
		NetworkSpec spec = this.config.network();
		if (spec.conditional() && (labels == null || labels.length != images)) {
			throw new IllegalArgumentException("A conditional pair needs one label per image, got "
					+ ((labels != null) ? labels.length : 0) + " for " + images);
		}
		NDManager batch = real.getManager();
		long n = images / dSteps;
		int nz = spec.nz();
		NDList reals = (dSteps == 1) ? new NDList(real) : real.split(dSteps);
		float lossD;
		float lossG;
		float dReal;
		float dFakeBefore;
		float dFakeAfter;
		try (GradientCollector collector = this.manager.getEngine().newGradientCollector()) {
			// (1) Update D network: maximize log(D(x)) + log(1 - D(G(z))), dSteps times
			NDArray fake = null;
			NDArray realLogits = null;
			NDArray fakeLogits = null;
			NDArray errD = null;
			NDArray classes = null;
			for (int k = 0; k < dSteps; k++) {
				float[] noise = noise(this.config.seed(), this.completedSteps + 1, k, (int) n * nz);
				int[] batchLabels = spec.conditional() ? Arrays.copyOfRange(labels, (int) (k * n), (int) ((k + 1) * n))
						: null;
				NDArray z = batch.create(
						spec.conditional() ? Latents.withClasses(noise, (int) n, batchLabels, spec.classes()) : noise,
						spec.latentShape(n));
				classes = spec.conditional() ? oneHot(batch, batchLabels, spec.classes()) : null;
				fake = forward(this.generator, this.generatorStore, z);
				realLogits = judge(augment(reals.get(k), 2 * k), classes);
				fakeLogits = judge(augment(fake.stopGradient(), 2 * k + 1), classes);
				errD = Losses.discriminatorLoss(this.config.loss(), realLogits, fakeLogits, stabilisers.realLabel());
				collector.backward(errD);
				this.optimizerD.step(this.discriminator.getParameters());
			}

			// (2) Update G network: maximize log(D(G(z))). D is frozen: the PyTorch
			// engine zeroes gradients only inside an optimiser update, so gradients
			// of this backward pass would otherwise pile up in D and leak into its
			// next update.
			NDArray errG;
			NDArray fakeLogitsAfter;
			setFrozen(this.trainableD, true);
			try {
				fakeLogitsAfter = judge(augment(fake, 2 * dSteps), classes);
				errG = Losses.generatorLoss(this.config.loss(), fakeLogitsAfter);
				collector.backward(errG);
			}
			finally {
				setFrozen(this.trainableD, false);
			}
			this.optimizerG.step(this.generator.getParameters());

			// (3) Move G's average towards the updated G
			if (this.average != null) {
				this.average.update(this.generator, stabilisers.emaDecayAt(this.completedSteps + 1));
			}

			// (4) Report
			lossD = errD.getFloat();
			lossG = errG.getFloat();
			dReal = meanProbability(realLogits);
			dFakeBefore = meanProbability(fakeLogits);
			dFakeAfter = meanProbability(fakeLogitsAfter);
		}
		this.completedSteps++;
		double seconds = (System.nanoTime() - started) / 1e9;
		return new StepStats(this.completedSteps, epoch, lossD, lossG, dReal, dFakeBefore, dFakeAfter,
				images / seconds);
	}

	/**
	 * Runs the served generator ({@link #servedGenerator}) in eval mode (BatchNorm
	 * running statistics), as the model registry will. The calling thread must have
	 * autograd off ({@link dev.ganforge.nn.GradMode}).
	 * @param latents count * nz values
	 * @param count number of images
	 * @return count * C * H * W values in [-1, 1]
	 */
	public float[] generate(float[] latents, int count) {
		try (NDManager scope = this.manager.newSubManager()) {
			NDArray z = scope.create(latents, this.config.network().latentShape(count));
			return servedGenerator().forward(this.generatorStore, new NDList(z), false)
				.singletonOrThrow()
				.toFloatArray();
		}
	}

	/**
	 * The noise of D update {@code update} of step {@code step}: standard normal draws of
	 * a Java generator seeded from (seed, step, update). Never the engine's generator:
	 * PyTorch's CPU generator is one per process, so any other thread that draws from it
	 * or reseeds it would change the noise and break the exactness of resumed runs.
	 */
	static float[] noise(long seed, long step, int update, int count) {
		SplittableRandom seeds = new SplittableRandom(seed ^ (step * 0x9E3779B97F4A7C15L));
		long updateSeed = seeds.nextLong();
		for (int k = 0; k < update; k++) {
			updateSeed = seeds.nextLong();
		}
		Random random = new Random(updateSeed);
		float[] z = new float[count];
		for (int i = 0; i < count; i++) {
			z[i] = (float) random.nextGaussian();
		}
		return z;
	}

	/**
	 * What D sees of a batch: the batch itself, or with {@code diffAugment} on its
	 * differentiable augmentation, drawn afresh for each of the step's D inputs.
	 */
	private NDArray augment(NDArray images, int call) {
		String policy = this.config.stabilisers().diffAugment();
		return policy.isEmpty() ? images
				: DiffAugment.apply(images, policy, this.config.seed(), this.completedSteps + 1, call);
	}

	private static NDArray forward(Block block, ParameterStore store, NDArray input) {
		return block.forward(store, new NDList(input), true).singletonOrThrow();
	}

	/** D's logits for images, with their one-hot classes when conditional. */
	private NDArray judge(NDArray images, NDArray classes) {
		NDList input = (classes != null) ? new NDList(images, classes) : new NDList(images);
		return this.discriminator.forward(this.discriminatorStore, input, true).singletonOrThrow();
	}

	private static NDArray oneHot(NDManager manager, int[] labels, int classes) {
		// A latent of length zero followed by its class: the class alone.
		return manager.create(Latents.withClasses(new float[0], labels.length, labels, classes),
				new Shape(labels.length, classes));
	}

	private static float meanProbability(NDArray logits) {
		return logits.getNDArrayInternal().sigmoid().mean().getFloat();
	}

	private static void setFrozen(List<Parameter> parameters, boolean frozen) {
		for (Parameter parameter : parameters) {
			parameter.freeze(frozen);
		}
	}

	/**
	 * The run's configuration.
	 * @return the config
	 */
	public TrainingConfig config() {
		return this.config;
	}

	/**
	 * The generator being trained, for snapshots.
	 * @return the block
	 */
	public Block generator() {
		return this.generator;
	}

	/**
	 * The average of G's weights, when {@code emaDecay} is on, for snapshots.
	 * @return the averaged generator, or empty
	 */
	public Optional<Block> generatorAverage() {
		return Optional.ofNullable(this.average).map(GeneratorAverage::block);
	}

	/**
	 * The generator to sample from, export and serve: the average of G's weights when
	 * {@code emaDecay} is on, else G itself.
	 * @return the block
	 */
	public Block servedGenerator() {
		return (this.average != null) ? this.average.block() : this.generator;
	}

	/**
	 * Restarts the average of G's weights from G's current weights, for a snapshot taken
	 * without one. Does nothing when {@code emaDecay} is off.
	 */
	public void restartGeneratorAverage() {
		if (this.average != null) {
			this.average.copyFrom(this.generator);
		}
	}

	/**
	 * The discriminator, for checkpoints.
	 * @return the block
	 */
	public Block discriminator() {
		return this.discriminator;
	}

	/**
	 * Steps completed over the whole run, resumes included.
	 * @return the count
	 */
	public long completedSteps() {
		return this.completedSteps;
	}

	/**
	 * The manager that owns the networks.
	 * @return the manager
	 */
	public NDManager manager() {
		return this.manager;
	}

	/**
	 * Both optimisers' state for a snapshot.
	 * @param target owns the returned arrays
	 * @return G's state then D's, each named as {@link AdamOptimizer#state} names them
	 */
	public OptimizerState optimizerState(NDManager target) {
		return new OptimizerState(this.optimizerG.state(target), this.optimizerD.state(target));
	}

	/**
	 * Restores a snapshot's step count and optimiser state; the networks' parameters are
	 * loaded by the caller.
	 * @param steps steps completed when the snapshot was taken
	 * @param state the optimisers' state
	 */
	public void restore(long steps, OptimizerState state) {
		// Loading parameters replaces their arrays with ones that do not require
		// gradients.
		for (Block block : List.of(this.generator, this.discriminator)) {
			for (Parameter parameter : block.getParameters().values()) {
				if (parameter.requiresGradient()) {
					parameter.getArray().setRequiresGradient(true);
				}
			}
		}
		this.optimizerG.restore(state.generator(), this.generator.getParameters());
		this.optimizerD.restore(state.discriminator(), this.discriminator.getParameters());
		this.completedSteps = steps;
	}

	@Override
	public void close() {
		this.manager.close();
	}

	/**
	 * The two optimisers' saved state.
	 *
	 * @param generator G's Adam moments and update count
	 * @param discriminator D's, likewise
	 */
	public record OptimizerState(NDList generator, NDList discriminator) {
	}

}
