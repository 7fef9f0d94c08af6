package dev.ganforge.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * Builds and initialises the generator and discriminator of a {@link NetworkSpec}.
 *
 * <p>
 * Initialisation follows the DCGAN paper, section 4: all weights from N(0, 0.02),
 * BatchNorm gamma from N(1, 0.02), BatchNorm beta and biases zero. The vanilla MLP uses
 * the same scheme.
 */
public final class Networks {

	private static final float INIT_STD = 0.02f;

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
		return (spec.architecture() == Architecture.DCGAN) ? new DcganDiscriminator(spec) : new MlpDiscriminator(spec);
	}

	/**
	 * Initialises a generator built for {@code spec} with the paper's scheme. Draws from
	 * the engine's random generator, so seed it first for reproducible weights.
	 * @param generator the generator
	 * @param spec its sizes
	 * @param manager owns the parameters
	 */
	public static void initializeGenerator(Block generator, NetworkSpec spec, NDManager manager) {
		initialize(generator, manager, spec.latentShape(1));
	}

	/**
	 * Initialises a discriminator built for {@code spec}, like
	 * {@link #initializeGenerator}.
	 * @param discriminator the discriminator
	 * @param spec its sizes
	 * @param manager owns the parameters
	 */
	public static void initializeDiscriminator(Block discriminator, NetworkSpec spec, NDManager manager) {
		initialize(discriminator, manager, spec.imageShape(1));
	}

	private static void initialize(Block block, NDManager manager, ai.djl.ndarray.types.Shape inputShape) {
		block.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
		block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
		block.setInitializer((m, shape, type) -> m.randomNormal(1f, INIT_STD, shape, type), Parameter.Type.GAMMA);
		block.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
		block.initialize(manager, DataType.FLOAT32, inputShape);
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
	 * Counts the trainable values of a block (BatchNorm running statistics excluded).
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
