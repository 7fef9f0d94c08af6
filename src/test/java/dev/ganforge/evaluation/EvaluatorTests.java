package dev.ganforge.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.ganforge.data.DataSettings;
import dev.ganforge.data.DatasetSpec;
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
			first = this.evaluator.evaluate(model, 200, 7);
			try (var files = Files.list(this.cache)) {
				assertThat(files.map((p) -> p.getFileName().toString())).containsExactly(
						"fashion-mnist-test-32px-1ch-n200-" + first.extractorSha256().substring(0, 16) + ".ref");
			}
			second = this.evaluator.evaluate(model, 200, 7);
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
	void realTrainingImagesBeatTheGeneratorOnEveryMetric() {
		Evaluation real = this.evaluator.evaluateDataset(DatasetSpec.parse("fashion-mnist:train"), 32, 300);
		Evaluation generated;
		try (LoadedModel model = LoadedModel.load(Path.of("models", "fashion-gan-32"))) {
			generated = this.evaluator.evaluate(model, 300, 0);
		}
		assertThat(real.fd()).isLessThan(generated.fd());
		assertThat(real.kid()).isLessThan(generated.kid());
		assertThat(real.precision()).isGreaterThan(generated.precision());
		assertThat(real.recall()).isGreaterThan(generated.recall());
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
