package dev.ganforge.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * Builds and initialises the generator and discriminator of a {@link NetworkSpec}.
 *
 * <p>
 * Initialisation follows the DCGAN paper, section 4: all weights from N(0, 0.02),
 * BatchNorm gamma from N(1, 0.02), BatchNorm beta and biases zero, BatchNorm running mean
 * zero and running variance one. The vanilla MLP uses the same scheme. The random values
 * are drawn in Java from the run's seed ({@link InitialValues}), G and D each from their
 * own stream, so that a run's initial weights depend on its seed alone.
 */
public final class Networks {

	private static final float INIT_STD = 0.02f;

	private static final int GENERATOR = 0;

	private static final int DISCRIMINATOR = 1;

	private Networks() {
	}

	/**
	 * A new, uninitialised generator: z of {@link NetworkSpec#latentShape} to images in
	 * [-1, 1].
	 * @param spec the sizes
	 * @return the block
	 */
	public static Block generator(NetworkSpec spec) {
		return (spec.architecture() == Architecture.DCGAN) ? new DcganGenerator(spec) : new MlpGenerator(spec);
	}

	/**
	 * A new, uninitialised discriminator: images to one logit each, shape (N).
	 * @param spec the sizes
	 * @return the block
	 */
	public static Block discriminator(NetworkSpec spec) {
		return discriminator(spec, false);
	}

	/**
	 * A new, uninitialised discriminator, with or without spectral normalisation of its
	 * weights (Miyato et al. 2018). With it, initialisation also draws each layer's power
	 * iteration vector.
	 * @param spec the sizes
	 * @param spectralNorm whether every convolution and linear layer divides its weight
	 * by its spectral norm
	 * @return the block
	 */
	public static Block discriminator(NetworkSpec spec, boolean spectralNorm) {
		return (spec.architecture() == Architecture.DCGAN) ? new DcganDiscriminator(spec, spectralNorm)
				: new MlpDiscriminator(spec, spectralNorm);
	}

	/**
	 * Initialises a generator built for {@code spec} with the paper's scheme, drawing in
	 * Java from {@code seed} ({@link InitialValues}): the same seed gives the same
	 * weights whatever else the process draws from the engine's generator.
	 * @param generator the generator
	 * @param spec its sizes
	 * @param manager owns the parameters
	 * @param seed the run's seed
	 */
	public static void initializeGenerator(Block generator, NetworkSpec spec, NDManager manager, long seed) {
		initialize(generator, manager, InitialValues.forNetwork(seed, GENERATOR), spec.latentShape(1));
	}

	/**
	 * Initialises a discriminator built for {@code spec}, like
	 * {@link #initializeGenerator}, from its own stream of the same seed; with spectral
	 * normalisation each layer's power iteration vector is a random direction drawn from
	 * that stream too.
	 * @param discriminator the discriminator
	 * @param spec its sizes
	 * @param manager owns the parameters
	 * @param seed the run's seed
	 */
	public static void initializeDiscriminator(Block discriminator, NetworkSpec spec, NDManager manager, long seed) {
		initialize(discriminator, manager, InitialValues.forNetwork(seed, DISCRIMINATOR),
				discriminatorInputShapes(spec));
	}

	/**
	 * Allocates a generator's parameters with every value zero, drawing nothing: for a
	 * network whose values are all copied in before it is used.
	 * @param generator the generator
	 * @param spec its sizes
	 * @param manager owns the parameters
	 */
	public static void allocateGenerator(Block generator, NetworkSpec spec, NDManager manager) {
		generator.setInitializer(Initializer.ZEROS, (parameter) -> true);
		generator.initialize(manager, DataType.FLOAT32, spec.latentShape(1));
	}

	/**
	 * What a discriminator built for {@code spec} takes: a batch of images, and with
	 * classes their one-hot classes.
	 * @param spec the sizes
	 * @return (1, C, H, W), then (1, classes) when conditional
	 */
	private static Shape[] discriminatorInputShapes(NetworkSpec spec) {
		return spec.conditional() ? new Shape[] { spec.imageShape(1), new Shape(1, spec.classes()) }
				: new Shape[] { spec.imageShape(1) };
	}

	private static void initialize(Block block, NDManager manager, InitialValues values, Shape... inputShapes) {
		block.setInitializer(values.normal(0f, INIT_STD), Parameter.Type.WEIGHT);
		block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
		block.setInitializer(values.normal(1f, INIT_STD), Parameter.Type.GAMMA);
		block.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
		block.setInitializer(values.unitVector(), SpectralNormBlock::isPowerIterationVector);
		// BatchNorm running mean and variance keep DJL's zeros and ones.
		block.initialize(manager, DataType.FLOAT32, inputShapes);
	}

	/**
	 * Drops whatever a block's layers cached for eval-mode passes, so that weights edited
	 * in place since the last training pass are seen. Needed after an in-place update of
	 * a block that is never run in training mode (see {@link TransposedConv2d}).
	 * @param block a network
	 */
	public static void clearEvalCaches(Block block) {
		if (block instanceof TransposedConv2d transposed) {
			transposed.clearKernelCache();
		}
		for (Block child : block.getChildren().values()) {
			clearEvalCaches(child);
		}
	}

	/**
	 * Counts the trainable values of a block (BatchNorm running statistics and spectral
	 * norm vectors excluded).
	 * @param block an initialised block
	 * @return the number of trainable scalars
	 */
	public static long trainableParameterCount(Block block) {
		return block.getParameters()
			.values()
			.stream()
			.filter(Parameter::requiresGradient)
			.mapToLong((p) -> p.getArray().size())
			.sum();
	}

}
