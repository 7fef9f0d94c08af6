package dev.ganforge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluateCommandTests {

	@TempDir
	Path dir;

	@Test
	void printsTheMetricsAsJsonAndRecordsThemInTheManifest() throws Exception {
		Path model = this.dir.resolve("models/fashion-gan-32");
		Files.createDirectories(model);
		for (String file : new String[] { CheckpointStore.MANIFEST, CheckpointStore.GENERATOR }) {
			Files.copy(Path.of("models/fashion-gan-32").resolve(file), model.resolve(file));
		}
		String out = stdout(() -> assertThat(Cli
			.run(new String[] { "evaluate", "--model", model.toString(), "--samples", "100", "--seed", "5",
					"--truncation", "0.75", "--write-manifest", "--cache-dir", this.dir.resolve("cache").toString() }))
			.isZero());
		@SuppressWarnings("unchecked")
		Map<String, Object> json = JsonMapper.builder().build().readValue(out, Map.class);
		assertThat(json.keySet()).contains("fd", "kid", "kidStd", "precision", "recall", "classifierScore", "samples");
		assertThat(json.get("samples")).isEqualTo(100);
		Manifest manifest = CheckpointStore.readManifest(model);
		assertThat(manifest.metrics()).containsEntry("samples", 100)
			.containsEntry("seed", 5)
			.containsEntry("truncation", 0.75)
			.containsEntry("featureExtractor", "fashion-mnist")
			.containsEntry("fd", json.get("fd"));
		// The rest of the manifest is untouched and the checksum still holds.
		assertThat(manifest.step()).isEqualTo(CheckpointStore.readManifest(Path.of("models/fashion-gan-32")).step());
		try (var loaded = dev.ganforge.models.LoadedModel.load(model)) {
			assertThat(loaded.manifest().metrics()).isNotEmpty();
		}
	}

	@Test
	void aModelOfADatasetWithoutAnExtractorFailsWithAReasonAndNoNumber() throws Exception {
		Path model = this.dir.resolve("models/tiny");
		assertThat(Cli.run(new String[] { "train", "--dataset", "synthetic:64", "--arch", "gan", "--image-size", "16",
				"--ngf", "8", "--ndf", "8", "--nz", "8", "--batch-size", "16", "--steps", "1", "--progress", "none",
				"--out", model.toString(), "--run-dir", this.dir.resolve("runs/tiny").toString() }))
			.isZero();
		String out = stdout(() -> assertThat(Cli.run(new String[] { "evaluate", "--model", model.toString(),
				"--samples", "20", "--cache-dir", this.dir.resolve("cache").toString() }))
			.isEqualTo(EvaluateCommand.EXIT_NO_EXTRACTOR));
		assertThat(out).isEmpty();
	}

	@Test
	void imagesAndAgainstGoTogether() {
		assertThat(Cli.run(new String[] { "evaluate", "--images", "folder:x" })).isEqualTo(2);
		assertThat(
				Cli.run(new String[] { "evaluate", "--dataset", "fashion-mnist:train", "--against", "fashion-mnist" }))
			.isEqualTo(2);
		assertThat(Cli.run(new String[] { "evaluate", "--images", "folder:x", "--model", "models/fashion-gan-32",
				"--against", "fashion-mnist" }))
			.isEqualTo(2);
	}

	@Test
	void aTruncationOutsideZeroToOneIsAUsageError() {
		for (String truncation : new String[] { "0", "1.5", "NaN" }) {
			assertThat(Cli.run(new String[] { "evaluate", "--model", "models/fashion-gan-32", "--samples", "10",
					"--truncation", truncation, "--cache-dir", this.dir.resolve("cache").toString() }))
				.as("--truncation %s", truncation)
				.isEqualTo(2);
		}
	}

	@Test
	void writeManifestNeedsAModel() {
		assertThat(Cli.run(new String[] { "evaluate", "--dataset", "fashion-mnist:train", "--write-manifest" }))
			.isEqualTo(2);
		assertThat(Cli.run(new String[] { "evaluate" })).isEqualTo(2);
	}

	private static String stdout(Runnable action) {
		PrintStream original = System.out;
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
		try {
			action.run();
		}
		finally {
			System.setOut(original);
		}
		return buffer.toString(StandardCharsets.UTF_8);
	}

}
