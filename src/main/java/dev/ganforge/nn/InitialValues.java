package dev.ganforge.nn;

import java.util.Random;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Random initial values of one network, drawn in Java from a seed, never from the
 * engine's generator: PyTorch's CPU generator is one per process, so anything else that
 * draws from it between a reseed and an initialisation (a model loaded on another thread)
 * would change a run's initial weights.
 *
 * <p>
 * Every parameter that {@link #normal} or {@link #unitVector} fills gets its own
 * {@link Random}, seeded with the next value of one {@link SplittableRandom}, and takes
 * {@link Random#nextGaussian()} draws in row-major order. DJL initialises a block's own
 * parameters and then its children's, in the order they were added, so the same
 * architecture and seed always give the same values, and the values of one parameter do
 * not depend on how many values an earlier one drew.
 */
final class InitialValues {

	private final SplittableRandom parameterSeeds;

	private InitialValues(long seed) {
		this.parameterSeeds = new SplittableRandom(seed);
	}

	/**
	 * The values of network {@code index} of a run: the index-th seed drawn from the
	 * run's seed, as {@code GanTrainer.noise} derives the seed of a D update, so that two
	 * networks of one run never share a stream.
	 * @param seed the run's seed
	 * @param index which network of the run
	 * @return the values
	 */
	static InitialValues forNetwork(long seed, int index) {
		SplittableRandom networkSeeds = new SplittableRandom(seed);
		long networkSeed = networkSeeds.nextLong();
		for (int i = 0; i < index; i++) {
			networkSeed = networkSeeds.nextLong();
		}
		return new InitialValues(networkSeed);
	}

	/**
	 * Values from N(mean, std), independently.
	 * @param mean the mean
	 * @param std the standard deviation
	 * @return an initializer that takes the next parameter's stream on each call
	 */
	Initializer normal(float mean, float std) {
		return (manager, shape, dataType) -> {
			Random random = nextParameter();
			float[] values = new float[size(shape)];
			for (int i = 0; i < values.length; i++) {
				values[i] = (float) (mean + std * random.nextGaussian());
			}
			return create(manager, values, shape, dataType);
		};
	}

	/**
	 * A random direction: a vector of N(0, 1) values divided by its Euclidean norm, as
	 * {@code F.normalize} would (Miyato et al. 2018 draw the power iteration vector so).
	 * @return an initializer that takes the next parameter's stream on each call
	 */
	Initializer unitVector() {
		return (manager, shape, dataType) -> {
			Random random = nextParameter();
			double[] gaussian = new double[size(shape)];
			double squares = 0;
			for (int i = 0; i < gaussian.length; i++) {
				gaussian[i] = random.nextGaussian();
				squares += gaussian[i] * gaussian[i];
			}
			double norm = Math.max(Math.sqrt(squares), 1e-12);
			float[] values = new float[gaussian.length];
			for (int i = 0; i < values.length; i++) {
				values[i] = (float) (gaussian[i] / norm);
			}
			return create(manager, values, shape, dataType);
		};
	}

	private Random nextParameter() {
		return new Random(this.parameterSeeds.nextLong());
	}

	private static int size(Shape shape) {
		return Math.toIntExact(shape.size());
	}

	private static NDArray create(NDManager manager, float[] values, Shape shape, DataType dataType) {
		NDArray array = manager.create(values, shape);
		if (dataType == DataType.FLOAT32) {
			return array;
		}
		try (array) {
			return array.toType(dataType, false);
		}
	}

}
