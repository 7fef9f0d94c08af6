package dev.ganforge.training;

import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.nn.Networks;

/**
 * A generator and a discriminator with their optimisers: the state of a GAN in training.
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

	private long completedSteps;

	/**
	 * Builds both networks and initialises them from {@code config.seed()}.
	 * @param config the run's configuration
	 */
	public GanTrainer(TrainingConfig config) {
		this.config = config;
		NetworkSpec spec = config.network();
		this.manager = NDManager.newBaseManager("PyTorch");
		this.manager.getEngine().setRandomSeed(Long.hashCode(config.seed()));
		this.generator = Networks.generator(spec);
		this.discriminator = Networks.discriminator(spec);
		Networks.initializeGenerator(this.generator, spec, this.manager);
		Networks.initializeDiscriminator(this.discriminator, spec, this.manager);
		this.generatorStore = new ParameterStore(this.manager, false);
		this.discriminatorStore = new ParameterStore(this.manager, false);
		this.optimizerG = new AdamOptimizer(config.learningRateG(), config.beta1(), config.beta2());
		this.optimizerD = new AdamOptimizer(config.learningRateD(), config.beta1(), config.beta2());
		// D is frozen and thawed around G's step. Only parameters that required
		// gradients may be thawed: thawing all would make BatchNorm's running
		// statistics trainable.
		this.trainableD = this.discriminator.getParameters()
			.values()
			.stream()
			.filter(Parameter::requiresGradient)
			.toList();
	}

	/**
	 * One training step on a real batch: update D, then G.
	 * @param real images in [-1, 1], shape (N, C, H, W); every array the step creates is
	 * attached to its manager
	 * @param epoch the epoch the batch belongs to, for the record
	 * @return what the step measured
	 */
	public StepStats step(NDArray real, int epoch) {
		long started = System.nanoTime();
		NDManager batch = real.getManager();
		long n = real.getShape().get(0);
		NDArray z = batch.randomNormal(this.config.network().latentShape(n));
		float lossD;
		float lossG;
		float dReal;
		float dFakeBefore;
		float dFakeAfter;
		try (GradientCollector collector = this.manager.getEngine().newGradientCollector()) {
			// (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
			NDArray fake = forward(this.generator, this.generatorStore, z);
			NDArray realLogits = forward(this.discriminator, this.discriminatorStore, real);
			NDArray fakeLogits = forward(this.discriminator, this.discriminatorStore, fake.stopGradient());
			NDArray errD = Losses.discriminatorLoss(this.config.loss(), realLogits, fakeLogits, 1f);
			collector.backward(errD);
			this.optimizerD.step(this.discriminator.getParameters());

			// (2) Update G network: maximize log(D(G(z))). D is frozen: the PyTorch
			// engine zeroes gradients only inside an optimiser update, so gradients
			// of this backward pass would otherwise pile up in D and leak into its
			// next update.
			NDArray errG;
			NDArray fakeLogitsAfter;
			setFrozen(this.trainableD, true);
			try {
				fakeLogitsAfter = forward(this.discriminator, this.discriminatorStore, fake);
				errG = Losses.generatorLoss(this.config.loss(), fakeLogitsAfter);
				collector.backward(errG);
			}
			finally {
				setFrozen(this.trainableD, false);
			}
			this.optimizerG.step(this.generator.getParameters());

			// (3) Report
			lossD = errD.getFloat();
			lossG = errG.getFloat();
			dReal = meanProbability(realLogits);
			dFakeBefore = meanProbability(fakeLogits);
			dFakeAfter = meanProbability(fakeLogitsAfter);
		}
		this.completedSteps++;
		double seconds = (System.nanoTime() - started) / 1e9;
		return new StepStats(this.completedSteps, epoch, lossD, lossG, dReal, dFakeBefore, dFakeAfter, n / seconds);
	}

	/**
	 * Runs the generator in eval mode (BatchNorm running statistics). The calling thread
	 * must have autograd off ({@link dev.ganforge.nn.GradMode}).
	 * @param latents count * nz values
	 * @param count number of images
	 * @return count * C * H * W values in [-1, 1]
	 */
	public float[] generate(float[] latents, int count) {
		try (NDManager scope = this.manager.newSubManager()) {
			NDArray z = scope.create(latents, this.config.network().latentShape(count));
			return this.generator.forward(this.generatorStore, new NDList(z), false).singletonOrThrow().toFloatArray();
		}
	}

	private static NDArray forward(Block block, ParameterStore store, NDArray input) {
		return block.forward(store, new NDList(input), true).singletonOrThrow();
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
	 * The generator, for checkpoints.
	 * @return the block
	 */
	public Block generator() {
		return this.generator;
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
