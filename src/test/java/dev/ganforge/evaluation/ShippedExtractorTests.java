package dev.ganforge.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.CheckpointException;
import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.models.ModelSettings;
import dev.ganforge.models.ModelState;
import dev.ganforge.models.ModelStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The feature extractor shipped under {@code models/.features/fashion-mnist}.
 */
class ShippedExtractorTests {

	static final Path SHIPPED = Path.of("models", ".features", "fashion-mnist");

	private static FeatureExtractor extractor;

	@TempDir
	Path dir;

	@BeforeAll
	static void load() {
		extractor = FeatureExtractor.load(SHIPPED);
	}

	@AfterAll
	static void close() {
		extractor.close();
	}

	@Test
	void itsManifestRecordsAtLeastNinetyPercentTestAccuracy() {
		ExtractorManifest manifest = extractor.manifest();
		assertThat(manifest.kind()).isEqualTo(ExtractorManifest.KIND);
		assertThat(manifest.dataset()).isEqualTo("fashion-mnist");
		assertThat(manifest.testDataset()).isEqualTo("fashion-mnist:test");
		assertThat(manifest.inputSize()).isEqualTo(32);
		assertThat(manifest.featureDim()).isEqualTo(128);
		assertThat(manifest.testAccuracy()).isGreaterThanOrEqualTo(0.90);
		assertThat(manifest.testAccuracyBySize()).containsKeys("64");
		assertThat(manifest.testAccuracyBySize().get("64")).isGreaterThanOrEqualTo(0.90);
	}

	@Test
	void classifiesRealTestImagesAtBothGeneratorSizes() {
		for (int size : new int[] { 32, 64 }) {
			ImageDataset test = Datasets.load(DatasetSpec.parse("fashion-mnist:test"), size, 1, DataRoots.defaults(),
					0);
			int n = 500;
			float[] images = new float[n * test.imageLength()];
			for (int i = 0; i < n; i++) {
				test.copyTo(i, images, i * test.imageLength());
			}
			Features features = extractor.extract(images, n, 1, size);
			int[] labels = test.labels();
			int correct = 0;
			for (int i = 0; i < n; i++) {
				correct += (features.predictions()[i] == labels[i]) ? 1 : 0;
			}
			// 90% on the whole split; 88% leaves room for this slice being harder.
			assertThat(correct).as("correct of %d at %dx%d", n, size, size).isGreaterThanOrEqualTo(440);
			assertThat(features.embeddings()[0]).hasSize(128);
			double sum = 0;
			for (double p : features.probabilities()[0]) {
				sum += p;
			}
			assertThat(sum).isCloseTo(1.0, within(1e-5));
		}
	}

	@Test
	void aCorruptParameterFileIsRefused() throws IOException {
		Path copy = this.dir.resolve("fashion-mnist");
		Files.createDirectories(copy);
		for (String file : new String[] { ExtractorManifest.FILE, ExtractorManifest.PARAMETERS }) {
			Files.copy(SHIPPED.resolve(file), copy.resolve(file));
		}
		byte[] bytes = Files.readAllBytes(copy.resolve(ExtractorManifest.PARAMETERS));
		bytes[bytes.length / 2] ^= 0x5a;
		Files.write(copy.resolve(ExtractorManifest.PARAMETERS), bytes);
		assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> FeatureExtractor.load(copy))
			.withMessageContaining("corrupt");
	}

	@Test
	void theModelRegistryDoesNotListTheExtractorAsAGenerator() throws IOException {
		ModelRegistry registry = new ModelRegistry(new ModelSettings(Path.of("models"), null, Duration.ofHours(1)));
		try {
			registry.start();
			try (Stream<Path> models = Files.list(Path.of("models"))) {
				long generators = models.filter((p) -> Files.isRegularFile(p.resolve("manifest.json"))).count();
				assertThat(registry.list()).hasSize((int) generators);
			}
			assertThat(registry.list()).extracting(ModelStatus::status).containsOnly(ModelState.READY);
			assertThat(registry.list()).extracting(ModelStatus::name).noneMatch((name) -> name.contains("features"));
		}
		finally {
			registry.close();
		}
	}

}
