package dev.ganforge.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DataSettings;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.image.Images;
import dev.ganforge.models.LoadedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EvaluatorTests {

	@TempDir
	Path cache;

	private Evaluator evaluator;

	@BeforeEach
	void create() {
		this.evaluator = new Evaluator(new EvaluationSettings(Path.of("models", ".features"), this.cache, 100, 10000),
				DataSettings.of(List.of()));
	}

	@AfterEach
	void close() {
		this.evaluator.close();
	}

	@Test
	void evaluatesAShippedModelReproduciblyAndCachesTheRealSide() throws Exception {
		Evaluation first;
		Evaluation second;
		try (LoadedModel model = LoadedModel.load(Path.of("models", "fashion-gan-32"))) {
			first = this.evaluator.evaluate(model, 200, 7, 1);
			try (var files = Files.list(this.cache)) {
				assertThat(files.map((p) -> p.getFileName().toString())).containsExactly(
						"fashion-mnist-test-32px-1ch-n200-" + first.extractorSha256().substring(0, 16) + ".ref");
			}
			second = this.evaluator.evaluate(model, 200, 7, 1);
		}
		assertThat(second.fd()).isEqualTo(first.fd());
		assertThat(second.kid()).isEqualTo(first.kid());
		assertThat(first.subject()).isEqualTo("fashion-gan-32");
		assertThat(first.reference()).isEqualTo("fashion-mnist:test");
		assertThat(first.samples()).isEqualTo(200);
		assertThat(first.kidSubsetSize()).isEqualTo(200);
		assertThat(first.fd()).isPositive();
		assertThat(first.precision()).isBetween(0.0, 1.0);
		assertThat(first.recall()).isBetween(0.0, 1.0);
		assertThat(first.classifierScore()).isBetween(1.0, 10.0);
		assertThat(first.manifestMetrics()).containsEntry("samples", 200)
			.containsEntry("featureExtractor", "fashion-mnist")
			.containsKeys("fd", "kid", "kidStd", "precision", "recall", "classifierScore", "classEntropyBits",
					"classCounts", "recallByClass", "worstClass");
		ClassBalance balance = first.classBalance();
		assertThat(balance.classes()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
		assertThat(balance.counts().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
		assertThat(balance.entropyBits()).isBetween(0.0, Math.log(10) / Math.log(2) + 1e-9);
		// 200 real test images spread over all ten classes.
		assertThat(balance.referenceEntropyBits()).isGreaterThan(3.0);
		assertThat(balance.recallByClass()).hasSize(10);
		assertThat(second.classBalance()).isEqualTo(balance);
	}

	@Test
	void truncationScalesTheLatentsAsServingDoesAndIsRecorded() {
		Evaluation full;
		Evaluation truncated;
		try (LoadedModel model = LoadedModel.load(Path.of("models", "fashion-gan-32"))) {
			full = this.evaluator.evaluate(model, 100, 7, 1);
			truncated = this.evaluator.evaluate(model, 100, 7, 0.5);
			assertThatIllegalArgumentException().isThrownBy(() -> this.evaluator.evaluate(model, 100, 7, 0))
				.withMessageContaining("Truncation 0.0 is out of range");
			assertThatIllegalArgumentException().isThrownBy(() -> this.evaluator.evaluate(model, 100, 7, 1.5))
				.withMessageContaining("(0, 1]");
		}
		assertThat(full.truncation()).isEqualTo(1.0);
		assertThat(truncated.truncation()).isEqualTo(0.5);
		assertThat(truncated.manifestMetrics()).containsEntry("truncation", 0.5);
		// Halved latents make other images: the features, and so every metric, move.
		assertThat(truncated.fd()).isNotEqualTo(full.fd());
		assertThat(truncated.classBalance().counts()).isNotEqualTo(full.classBalance().counts());
	}

	@Test
	void realTrainingImagesBeatTheGeneratorOnEveryMetric() {
		Evaluation real = this.evaluator.evaluateDataset(DatasetSpec.parse("fashion-mnist:train"), 32, 300);
		Evaluation generated;
		try (LoadedModel model = LoadedModel.load(Path.of("models", "fashion-gan-32"))) {
			generated = this.evaluator.evaluate(model, 300, 0, 1);
		}
		assertThat(real.fd()).isLessThan(generated.fd());
		assertThat(real.kid()).isLessThan(generated.kid());
		assertThat(real.precision()).isGreaterThan(generated.precision());
		assertThat(real.recall()).isGreaterThan(generated.recall());
	}

	@Test
	void scoresAFolderOfImagesMadeElsewhereAndRereadsItWhenItChanges(@TempDir Path root) throws Exception {
		Evaluator evaluator = new Evaluator(
				new EvaluationSettings(Path.of("models", ".features"), this.cache, 100, 10000),
				DataSettings.of(Stream.concat(DataRoots.DEFAULT_ROOTS.stream(), Stream.of(root)).toList()));
		try (evaluator) {
			ImageDataset train = Datasets.load(DatasetSpec.parse("fashion-mnist:train"), 32, 1, DataRoots.defaults(),
					0);
			Path folder = Files.createDirectories(root.resolve("samples"));
			float[] image = new float[train.imageLength()];
			for (int i = 0; i < 200; i++) {
				train.copyTo(i, image, 0);
				Files.write(folder.resolve("%03d.png".formatted(i)), Images.png(Images.toImage(image, 0, 1, 32, 1)));
			}
			DatasetSpec samples = DatasetSpec.parse("folder:samples");
			DatasetSpec fashion = DatasetSpec.parse("fashion-mnist");
			Evaluation real = evaluator.evaluateImages(samples, fashion, 32, 200);
			// Real training images written as PNGs score as well as the train split
			// itself.
			Evaluation floor = evaluator.evaluateDataset(DatasetSpec.parse("fashion-mnist:train"), 32, 200);
			assertThat(real.subject()).isEqualTo("folder:samples");
			assertThat(real.reference()).isEqualTo("fashion-mnist:test");
			assertThat(real.fd()).isCloseTo(floor.fd(), org.assertj.core.data.Percentage.withPercentage(5));
			assertThat(real.classBalance().classes()).hasSize(10).startsWith("T-shirt/top");
			// The same folder with other contents: no stale cached features.
			Random random = new Random(3);
			for (int i = 0; i < 200; i++) {
				for (int j = 0; j < image.length; j++) {
					image[j] = random.nextFloat() * 2 - 1;
				}
				Files.write(folder.resolve("%03d.png".formatted(i)), Images.png(Images.toImage(image, 0, 1, 32, 1)));
			}
			Evaluation noise = evaluator.evaluateImages(samples, fashion, 32, 200);
			assertThat(noise.fd()).isGreaterThan(10 * real.fd());
			assertThatIllegalArgumentException().isThrownBy(() -> evaluator.evaluateImages(samples, fashion, 32, 300))
				.withMessageContaining("fewer than the 300 requested");
		}
	}

	@Test
	void datasetsWithoutAnExtractorAreRefusedWithAReason() {
		assertThatExceptionOfType(NoFeatureExtractorException.class)
			.isThrownBy(() -> this.evaluator.extractor(DatasetSpec.parse("synthetic:64")))
			.withMessageContaining("synthetic:64")
			.withMessageContaining("[fashion-mnist]");
		assertThatExceptionOfType(NoFeatureExtractorException.class)
			.isThrownBy(() -> this.evaluator.evaluateDataset(DatasetSpec.parse("mnist:train"), 32, 100));
	}

	@Test
	void sampleCountsOutOfRangeAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.evaluator.evaluateDataset(DatasetSpec.parse("fashion-mnist:train"), 32, 5))
			.withMessageContaining("10 to 10000");
	}

}
