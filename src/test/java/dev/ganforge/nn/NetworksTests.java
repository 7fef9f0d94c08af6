package dev.ganforge.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class NetworksTests {

	@ParameterizedTest
	@CsvSource({ "16,1", "32,1", "32,3", "64,1", "64,3", "128,3" })
	void dcganShapesAndParameterCounts(int size, int channels) {
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, size, channels, 100, 8, 8);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block g = initializedGenerator(spec, manager);
			Block d = initializedDiscriminator(spec, manager);
			ParameterStore store = new ParameterStore(manager, false);
			NDArray images = g.forward(store, new NDList(manager.randomNormal(spec.latentShape(3))), false).head();
			assertThat(images.getShape()).isEqualTo(new Shape(3, channels, size, size));
			assertThat(images.abs().max().getFloat()).isLessThanOrEqualTo(1f);
			NDArray logits = d.forward(store, new NDList(images), false).head();
			assertThat(logits.getShape()).isEqualTo(new Shape(3));
			assertThat(Networks.trainableParameterCount(g)).isEqualTo(dcganGeneratorCount(spec));
			assertThat(Networks.trainableParameterCount(d)).isEqualTo(dcganDiscriminatorCount(spec));
		}
	}

	@Test
	void dcgan64HasThePaperLayerWidths() {
		// pytorch/examples dcgan at nz=100, ngf=ndf=64, nc=3: 3,576,704 and 2,765,568
		// parameters
		NetworkSpec spec = NetworkSpec.defaults(Architecture.DCGAN, 64, 3);
		assertThat(dcganGeneratorCount(spec)).isEqualTo(3_576_704L);
		assertThat(dcganDiscriminatorCount(spec)).isEqualTo(2_765_568L);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block g = initializedGenerator(spec, manager);
			Block d = initializedDiscriminator(spec, manager);
			assertThat(Networks.trainableParameterCount(g)).isEqualTo(3_576_704L);
			assertThat(Networks.trainableParameterCount(d)).isEqualTo(2_765_568L);
		}
	}

	@Test
	void mlpShapesAndParameterCounts() {
		NetworkSpec spec = new NetworkSpec(Architecture.GAN, 32, 1, 100, 16, 16);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block g = initializedGenerator(spec, manager);
			Block d = initializedDiscriminator(spec, manager);
			ParameterStore store = new ParameterStore(manager, false);
			NDArray images = g.forward(store, new NDList(manager.randomNormal(spec.latentShape(5))), false).head();
			assertThat(images.getShape()).isEqualTo(new Shape(5, 1, 32, 32));
			assertThat(d.forward(store, new NDList(images), false).head().getShape()).isEqualTo(new Shape(5));
			long pixels = 32 * 32;
			long gExpected = dense(100, 64) + dense(64, 128) + dense(128, 256) + dense(256, pixels);
			long dExpected = dense(pixels, 256) + dense(256, 128) + dense(128, 64) + dense(64, 1);
			assertThat(Networks.trainableParameterCount(g)).isEqualTo(gExpected);
			assertThat(Networks.trainableParameterCount(d)).isEqualTo(dExpected);
		}
	}

	@Test
	void initialisationFollowsThePaper() {
		NetworkSpec spec = NetworkSpec.defaults(Architecture.DCGAN, 32, 1);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block g = initializedGenerator(spec, manager);
			for (Parameter p : g.getParameters().values()) {
				NDArray a = p.getArray();
				switch (p.getType()) {
					case WEIGHT -> {
						assertThat(a.mean().getFloat()).isCloseTo(0f, within(0.002f));
						assertThat(std(a)).isCloseTo(0.02f, within(0.002f));
					}
					case GAMMA -> assertThat(a.mean().getFloat()).isCloseTo(1f, within(0.01f));
					case BETA -> assertThat(a.abs().sum().getFloat()).isZero();
					default -> {
					}
				}
			}
		}
	}

	@Test
	void specRejectsImpossibleSizes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new NetworkSpec(Architecture.DCGAN, 48, 1, 100, 64, 64))
			.withMessageContaining("imageSize");
		assertThatIllegalArgumentException().isThrownBy(() -> new NetworkSpec(Architecture.DCGAN, 64, 2, 100, 64, 64))
			.withMessageContaining("channels");
		assertThatIllegalArgumentException().isThrownBy(() -> new NetworkSpec(Architecture.GAN, 64, 1, 0, 64, 64))
			.withMessageContaining("nz");
		assertThatIllegalArgumentException().isThrownBy(() -> Architecture.fromId("vae"))
			.withMessageContaining("dcgan");
	}

	@Test
	void latentsDependOnlyOnTheirSeed() {
		float[] batch = Latents.gaussianBatch(7, 3, 10);
		float[] alone = Latents.gaussian(8, 10);
		for (int i = 0; i < 10; i++) {
			assertThat(batch[10 + i]).isEqualTo(alone[i]);
		}
		assertThat(Latents.gaussian(7, 10)).isNotEqualTo(alone);
	}

	@Test
	void initialisationFollowsTheDcganPaper() {
		// DCGAN section 4: weights N(0, 0.02); BatchNorm gamma N(1, 0.02), beta 0. Over n
		// draws the sample mean is off by about std / sqrt(n) and the sample std by about
		// std / sqrt(2n); the tolerances are five of those.
		NetworkSpec spec = NetworkSpec.defaults(Architecture.DCGAN, 64, 3);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			for (Block block : List.of(initializedGenerator(spec, manager), initializedDiscriminator(spec, manager))) {
				double[] weights = values(block, Parameter.Type.WEIGHT);
				assertThat(weights.length).isGreaterThan(2_000_000);
				assertThat(mean(weights)).isCloseTo(0, within(5 * 0.02 / Math.sqrt(weights.length)));
				assertThat(std(weights)).isCloseTo(0.02, within(5 * 0.02 / Math.sqrt(2.0 * weights.length)));
				double[] gammas = values(block, Parameter.Type.GAMMA);
				assertThat(gammas.length).isGreaterThan(500);
				assertThat(mean(gammas)).isCloseTo(1, within(5 * 0.02 / Math.sqrt(gammas.length)));
				assertThat(std(gammas)).isCloseTo(0.02, within(5 * 0.02 / Math.sqrt(2.0 * gammas.length)));
				assertThat(values(block, Parameter.Type.BETA)).containsOnly(0);
				assertThat(values(block, Parameter.Type.RUNNING_MEAN)).containsOnly(0);
				assertThat(values(block, Parameter.Type.RUNNING_VAR)).containsOnly(1);
			}
		}
	}

	@Test
	void initialValuesAreTheDocumentedJavaDraws() {
		// Network i of a run draws from the i-th seed of SplittableRandom(seed); each
		// parameter, in DJL's initialisation order, from the next seed of that stream.
		long seed = 42;
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, 16, 1, 16, 8, 8);
		SplittableRandom networks = new SplittableRandom(seed);
		SplittableRandom g = new SplittableRandom(networks.nextLong());
		SplittableRandom d = new SplittableRandom(networks.nextLong());
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block generator = initializedGenerator(spec, manager, seed);
			Block discriminator = Networks.discriminator(spec, true);
			Networks.initializeDiscriminator(discriminator, spec, manager, seed);
			// G's first parameter is its first layer's weight.
			float[] weight = generator.getParameters().valueAt(0).getArray().toFloatArray();
			Random random = new Random(g.nextLong());
			for (int i = 0; i < 100; i++) {
				assertThat(weight[i]).isEqualTo((float) (0.02f * random.nextGaussian()));
			}
			// D's first layer has a weight and then its power iteration vector u: a
			// normalised Gaussian vector.
			ParameterList parameters = discriminator.getParameters();
			assertThat(parameters.valueAt(1).getName()).isEqualTo("u");
			assertThat(parameters.valueAt(0).getArray().getFloat(0, 0, 0, 0))
				.isEqualTo((float) (0.02f * new Random(d.nextLong()).nextGaussian()));
			float[] u = parameters.valueAt(1).getArray().toFloatArray();
			Random uRandom = new Random(d.nextLong());
			double[] expected = new double[u.length];
			double squares = 0;
			for (int i = 0; i < u.length; i++) {
				expected[i] = uRandom.nextGaussian();
				squares += expected[i] * expected[i];
			}
			for (int i = 0; i < u.length; i++) {
				assertThat(u[i]).isEqualTo((float) (expected[i] / Math.sqrt(squares)));
			}
		}
	}

	@Test
	void initialValuesDependOnTheSeedAloneNotOnTheEngine() {
		NetworkSpec spec = new NetworkSpec(Architecture.DCGAN, 16, 1, 16, 8, 8);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			manager.getEngine().setRandomSeed(1);
			List<float[]> first = allValues(initializedGenerator(spec, manager, 7),
					initializedSpectralDiscriminator(spec, manager, 7));
			manager.getEngine().setRandomSeed(2);
			manager.randomNormal(new Shape(5)).close();
			List<float[]> again = allValues(initializedGenerator(spec, manager, 7),
					initializedSpectralDiscriminator(spec, manager, 7));
			for (int i = 0; i < first.size(); i++) {
				assertThat(again.get(i)).as("parameter %d", i).containsExactly(first.get(i));
			}
			// Another seed changes every random parameter: weights, gammas and u.
			Block g8 = initializedGenerator(spec, manager, 8);
			Block d8 = initializedSpectralDiscriminator(spec, manager, 8);
			List<Parameter> random = new ArrayList<>();
			for (Block block : List.of(g8, d8)) {
				for (Parameter p : block.getParameters().values()) {
					if (p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.GAMMA
							|| p.getType() == Parameter.Type.OTHER) {
						random.add(p);
					}
				}
			}
			assertThat(random).hasSizeGreaterThan(6);
			List<float[]> other = allValues(g8, d8);
			List<Parameter> all = new ArrayList<>(g8.getParameters().values());
			all.addAll(d8.getParameters().values());
			for (int i = 0; i < all.size(); i++) {
				if (random.contains(all.get(i))) {
					assertThat(other.get(i)).as(all.get(i).getName()).isNotEqualTo(first.get(i));
				}
			}
			// G and D draw from different streams: their first weights differ in size,
			// so compare the first values.
			assertThat(first.get(0)[0]).isNotEqualTo(first.get(g8.getParameters().size())[0]);
		}
	}

	private static Block initializedSpectralDiscriminator(NetworkSpec spec, NDManager manager, long seed) {
		Block d = Networks.discriminator(spec, true);
		Networks.initializeDiscriminator(d, spec, manager, seed);
		return d;
	}

	private static Block initializedGenerator(NetworkSpec spec, NDManager manager, long seed) {
		Block g = Networks.generator(spec);
		Networks.initializeGenerator(g, spec, manager, seed);
		return g;
	}

	private static List<float[]> allValues(Block... blocks) {
		List<float[]> values = new ArrayList<>();
		for (Block block : blocks) {
			for (Parameter p : block.getParameters().values()) {
				values.add(p.getArray().toFloatArray());
			}
		}
		return values;
	}

	private static double[] values(Block block, Parameter.Type type) {
		return block.getParameters().values().stream().filter((p) -> p.getType() == type).flatMapToDouble((p) -> {
			float[] v = p.getArray().toFloatArray();
			return java.util.stream.IntStream.range(0, v.length).mapToDouble((i) -> v[i]);
		}).toArray();
	}

	private static double mean(double[] values) {
		return java.util.Arrays.stream(values).average().orElseThrow();
	}

	private static double std(double[] values) {
		double mean = mean(values);
		return Math.sqrt(java.util.Arrays.stream(values).map((v) -> (v - mean) * (v - mean)).sum() / values.length);
	}

	private static Block initializedGenerator(NetworkSpec spec, NDManager manager) {
		Block g = Networks.generator(spec);
		Networks.initializeGenerator(g, spec, manager, 1L);
		return g;
	}

	private static Block initializedDiscriminator(NetworkSpec spec, NDManager manager) {
		Block d = Networks.discriminator(spec);
		Networks.initializeDiscriminator(d, spec, manager, 1L);
		return d;
	}

	private static float std(NDArray a) {
		return (float) Math.sqrt(a.sub(a.mean()).pow(2).mean().getFloat());
	}

	private static long dense(long in, long out) {
		return in * out + out;
	}

	/**
	 * Transposed convolutions (Cin * Cout * 16, no bias) plus gamma and beta of each
	 * BatchNorm.
	 */
	static long dcganGeneratorCount(NetworkSpec spec) {
		int stages = spec.stages();
		long width = (long) spec.ngf() << (stages - 1);
		long count = spec.nz() * width * 16 + 2 * width;
		for (int stage = 1; stage < stages; stage++) {
			count += width * (width / 2) * 16 + 2 * (width / 2);
			width /= 2;
		}
		return count + width * spec.channels() * 16;
	}

	/**
	 * Strided convolutions (Cin * Cout * 16, no bias), BatchNorm on all but the first, a
	 * 4x4 head.
	 */
	static long dcganDiscriminatorCount(NetworkSpec spec) {
		long width = spec.ndf();
		long count = spec.channels() * width * 16;
		for (int stage = 1; stage < spec.stages(); stage++) {
			count += width * (width * 2) * 16 + 2 * (width * 2);
			width *= 2;
		}
		return count + width * 16;
	}

}
