package dev.ganforge.cli;

import java.nio.file.Path;

import dev.ganforge.evaluation.ExtractorManifest;
import dev.ganforge.evaluation.FeatureExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TrainFeaturesCommandTests {

	@TempDir
	Path dir;

	@Test
	void trainsAFewStepsAndWritesALoadableExtractorWithItsMeasuredAccuracy() {
		Path out = this.dir.resolve("features/fashion-mnist");
		assertThat(Cli
			.run(new String[] { "train-features", "--steps", "3", "--batch-size", "32", "--out", out.toString() }))
			.isZero();
		try (FeatureExtractor extractor = FeatureExtractor.load(out)) {
			ExtractorManifest manifest = extractor.manifest();
			assertThat(manifest.training().command()).startsWith("ganforge train-features --steps 3");
			// Three steps are far from 90%, but better than nothing and measured.
			assertThat(manifest.testAccuracy()).isBetween(0.0, 1.0);
			assertThat(manifest.testAccuracyBySize()).containsKeys("16", "64", "128");
			assertThat(manifest.checksum()).hasSize(64);
		}
	}

	@Test
	void aDatasetWithoutLabelsIsRefused() {
		assertThat(Cli.run(new String[] { "train-features", "--dataset", "synthetic:64", "--steps", "1", "--out",
				this.dir.resolve("x").toString() }))
			.isEqualTo(TrainCommand.EXIT_FAILED);
		assertThat(this.dir.resolve("x")).doesNotExist();
	}

}
