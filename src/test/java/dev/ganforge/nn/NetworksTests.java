package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
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

	private static Block initializedGenerator(NetworkSpec spec, NDManager manager) {
		Block g = Networks.generator(spec);
		Networks.initializeGenerator(g, spec, manager);
		return g;
	}

	private static Block initializedDiscriminator(NetworkSpec spec, NDManager manager) {
		Block d = Networks.discriminator(spec);
		Networks.initializeDiscriminator(d, spec, manager);
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
