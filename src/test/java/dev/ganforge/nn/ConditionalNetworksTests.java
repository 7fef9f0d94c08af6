package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ConditionalNetworksTests {

	private static final int CLASSES = 3;

	@ParameterizedTest
	@EnumSource(Architecture.class)
	void theClassChangesWhatGMakesAndWhatDSays(Architecture architecture) {
		NetworkSpec spec = new NetworkSpec(architecture, 16, 1, 8, 8, 8, CLASSES);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block g = Networks.generator(spec);
			Networks.initializeGenerator(g, spec, manager, 3);
			Block d = Networks.discriminator(spec);
			Networks.initializeDiscriminator(d, spec, manager, 3);
			ParameterStore store = new ParameterStore(manager, false);
			float[] z = Latents.gaussianBatch(5, 2, spec.nz());
			// The same two latents, once as class 0 and once as class 2.
			NDArray asZero = manager.create(Latents.withClasses(z, 2, new int[] { 0, 0 }, CLASSES),
					spec.latentShape(2));
			NDArray asTwo = manager.create(Latents.withClasses(z, 2, new int[] { 2, 2 }, CLASSES), spec.latentShape(2));
			NDArray imagesZero = g.forward(store, new NDList(asZero), true).head();
			NDArray imagesTwo = g.forward(store, new NDList(asTwo), true).head();
			assertThat(imagesZero.getShape()).isEqualTo(new Shape(2, 1, 16, 16));
			assertThat(imagesZero.sub(imagesTwo).abs().max().getFloat()).as("G ignores the class").isGreaterThan(1e-4f);

			NDArray classZero = manager.create(new float[] { 1, 0, 0, 1, 0, 0 }, new Shape(2, CLASSES));
			NDArray classTwo = manager.create(new float[] { 0, 0, 1, 0, 0, 1 }, new Shape(2, CLASSES));
			NDArray logitsZero = d.forward(store, new NDList(imagesZero, classZero), true).head();
			NDArray logitsTwo = d.forward(store, new NDList(imagesZero, classTwo), true).head();
			assertThat(logitsZero.getShape()).isEqualTo(new Shape(2));
			assertThat(logitsZero.sub(logitsTwo).abs().max().getFloat()).as("D ignores the class").isGreaterThan(1e-6f);
		}
	}

	@Test
	void conditionalLayersAddOnlyThePerClassParameters() {
		NetworkSpec plain = new NetworkSpec(Architecture.DCGAN, 32, 1, 16, 8, 8);
		NetworkSpec conditional = plain.withClasses(CLASSES);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			long g0 = count(Networks.generator(plain), plain, manager, true);
			long g1 = count(Networks.generator(conditional), conditional, manager, true);
			long d0 = count(Networks.discriminator(plain), plain, manager, false);
			long d1 = count(Networks.discriminator(conditional), conditional, manager, false);
			// G at 32x32, ngf 8: BatchNorm over 32, 16 and 8 maps, each a gain and a bias
			// per class instead of one of each.
			assertThat(g1 - g0).isEqualTo(2L * (CLASSES - 1) * (32 + 16 + 8));
			// D: one embedding of the last hidden width, ndf * 4 = 32, per class.
			assertThat(d1 - d0).isEqualTo((long) CLASSES * 32);
		}
	}

	@Test
	void conditionalBatchNormNormalisesThenAppliesTheClassGainAndBias() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			ConditionalBatchNorm norm = new ConditionalBatchNorm(2);
			norm.setInitializer(Initializer.ONES, (p) -> p.getName().equals("gain"));
			norm.setInitializer(Initializer.ZEROS, (p) -> p.getName().equals("bias"));
			norm.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 2, 2), new Shape(4, 2));
			norm.getParameters().get("gain").getArray().set(new float[] { 1, 1, 1, 2, 2, 2 });
			norm.getParameters().get("bias").getArray().set(new float[] { 0, 0, 0, 5, 5, 5 });
			NDArray x = manager.randomNormal(3f, 2f, new Shape(4, 3, 2, 2), DataType.FLOAT32);
			NDArray y = manager.create(new float[] { 1, 0, 1, 0, 0, 1, 0, 1 }, new Shape(4, 2));
			NDArray out = norm.forward(new ParameterStore(manager, false), new NDList(x, y), true).head();
			// Images 0 and 1 are class 0 (gain 1, bias 0): normalised over the batch.
			NDArray perChannel = x.transpose(1, 0, 2, 3).reshape(3, -1);
			NDArray mean = perChannel.mean(new int[] { 1 }).reshape(1, 3, 1, 1);
			NDArray variance = x.sub(mean)
				.transpose(1, 0, 2, 3)
				.reshape(3, -1)
				.pow(2)
				.mean(new int[] { 1 })
				.reshape(1, 3, 1, 1);
			NDArray expected = x.sub(mean).div(variance.add(1e-5f).sqrt());
			assertThat(out.get("0:2").sub(expected.get("0:2")).abs().max().getFloat()).isLessThan(1e-3f);
			// Images 2 and 3 are class 1: twice that, plus 5.
			assertThat(out.get("2:4").sub(expected.get("2:4").mul(2).add(5)).abs().max().getFloat()).isLessThan(1e-3f);
		}
	}

	@Test
	void conditionalBatchNormInInferenceIsTheRunningStatisticsFormulaInOnePass() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			ConditionalBatchNorm norm = new ConditionalBatchNorm(2);
			norm.initialize(manager, DataType.FLOAT32, new Shape(4, 3, 2, 2), new Shape(4, 2));
			norm.getParameters().get("gain").getArray().set(new float[] { 1, 0.5f, 1, 2, 2, -1 });
			norm.getParameters().get("bias").getArray().set(new float[] { 0, 1, 0, 5, 5, -3 });
			// Running statistics as training leaves them.
			ParameterStore store = new ParameterStore(manager, false);
			for (int i = 0; i < 5; i++) {
				norm.forward(store, new NDList(manager.randomNormal(3f, 2f, new Shape(4, 3, 2, 2), DataType.FLOAT32),
						manager.create(new float[] { 1, 0, 1, 0, 0, 1, 0, 1 }, new Shape(4, 2))), true);
			}
			NDArray mean = norm.getChildren().valueAt(0).getParameters().get("runningMean").getArray();
			NDArray variance = norm.getChildren().valueAt(0).getParameters().get("runningVar").getArray();
			assertThat(mean.abs().sum().getFloat()).as("training moved the running mean").isPositive();
			NDArray x = manager.randomNormal(3f, 2f, new Shape(3, 3, 2, 2), DataType.FLOAT32);
			NDArray y = manager.create(new float[] { 0, 1, 1, 0, 0, 1 }, new Shape(3, 2));
			NDArray out = norm.forward(store, new NDList(x, y), false).head();
			NDArray normalised = x.sub(mean.reshape(1, 3, 1, 1))
				.div(variance.reshape(1, 3, 1, 1).add(ConditionalBatchNorm.EPSILON).sqrt());
			NDArray g = y.matMul(norm.getParameters().get("gain").getArray()).reshape(3, 3, 1, 1);
			NDArray b = y.matMul(norm.getParameters().get("bias").getArray()).reshape(3, 3, 1, 1);
			NDArray expected = normalised.mul(g).add(b);
			assertThat(out.getShape()).isEqualTo(x.getShape());
			assertThat(out.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
		}
	}

	@Test
	void theProjectionIsTheClassEmbeddingDottedWithTheSpatialSumOfTheFeatures() {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			ClassProjection projection = new ClassProjection(2);
			projection.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 2, 2), new Shape(2, 2));
			projection.getParameters().get("embedding").getArray().set(new float[] { 1, 0, 0, 0, 1, -1 });
			float[] h = new float[24];
			for (int i = 0; i < h.length; i++) {
				h[i] = i;
			}
			NDArray features = manager.create(h, new Shape(2, 3, 2, 2));
			NDArray y = manager.create(new float[] { 1, 0, 0, 1 }, new Shape(2, 2));
			float[] out = projection.forward(new ParameterStore(manager, false), new NDList(features, y), false)
				.head()
				.toFloatArray();
			// Image 0, class 0 (embedding 1, 0, 0): the sum of channel 0, 0+1+2+3.
			assertThat(out[0]).isCloseTo(6f, within(1e-4f));
			// Image 1, class 1 (embedding 0, 1, -1): channel 1's sum minus channel 2's,
			// (16+17+18+19) - (20+21+22+23).
			assertThat(out[1]).isCloseTo(-16f, within(1e-4f));
		}
	}

	@Test
	void classesArePackedAfterTheLatentAndDrawnFromTheSeed() {
		float[] packed = Latents.withClasses(new float[] { 0.5f, -1f, 2f, 3f }, 2, new int[] { 2, 0 }, 3);
		assertThat(packed).containsExactly(0.5f, -1f, 0, 0, 1, 2f, 3f, 1, 0, 0);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Latents.withClasses(new float[4], 2, new int[] { 3, 0 }, 3))
			.withMessageContaining("Class 3 is out of range 0 to 2");
		int[] counts = new int[10];
		for (long seed = 0; seed < 10_000; seed++) {
			counts[Latents.classOf(seed, 10)]++;
		}
		for (int count : counts) {
			assertThat(count).isBetween(900, 1100);
		}
		assertThat(Latents.classOf(42, 10)).isEqualTo(Latents.classOf(42, 10));
		NetworkSpec spec = new NetworkSpec(Architecture.GAN, 16, 1, 4, 8, 8, 10);
		float[] inputs = Latents.seededInputs(spec, 7, 3, 0.5);
		assertThat(inputs).hasSize(3 * 14);
		// The latent is truncated, the class is not.
		assertThat(inputs[0]).isEqualTo((float) (0.5 * Latents.gaussian(7, 4)[0]));
		assertThat(inputs[4 + Latents.classOf(7, 10)]).isEqualTo(1f);
	}

	@Test
	void aConditionalSpecNeedsAtLeastTwoClasses() {
		assertThatIllegalArgumentException().isThrownBy(() -> new NetworkSpec(Architecture.DCGAN, 32, 1, 8, 8, 8, 1))
			.withMessageContaining("classes must be 0 (unconditional) or from 2 to 1000, was 1");
		assertThat(new NetworkSpec(Architecture.DCGAN, 32, 1, 8, 8, 8).conditional()).isFalse();
	}

	private static long count(Block block, NetworkSpec spec, NDManager manager, boolean generator) {
		if (generator) {
			Networks.initializeGenerator(block, spec, manager, 1);
		}
		else {
			Networks.initializeDiscriminator(block, spec, manager, 1);
		}
		return Networks.trainableParameterCount(block);
	}

}
