package dev.ganforge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.evaluation.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train --evaluate-every}: a tiny DCGAN trained 20 steps on the Fashion-MNIST test
 * split at 32x32, evaluated with the shipped extractor on 200 images every 10 steps.
 */
class EvaluateEveryCliTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void evaluatesEveryNStepsKeepsTheBestAndRecordsMetricsInTheManifests() throws Exception {
		Run run = train("fashion-mnist:test", "--evaluate-every", "10", "--steps", "25");
		assertThat(run.exitCode()).isZero();
		List<JsonNode> evaluations = run.lines("evaluation");
		// Every 10 steps and at the end.
		assertThat(evaluations).extracting((e) -> e.get("step").asLong()).containsExactly(10L, 20L, 25L);
		for (JsonNode e : evaluations) {
			assertThat(e.get("fd").asDouble()).isFinite().isPositive();
			assertThat(e.get("kid").asDouble()).isFinite();
			assertThat(e.get("samples").asInt()).isEqualTo(200);
			assertThat(e.get("extractor").asString()).isNotBlank();
			assertThat(e.get("classEntropyBits").asDouble()).isBetween(0.0, 3.33);
			assertThat(e.get("worstClass").asString()).isNotBlank();
			assertThat(e.get("classCounts").get("Sneaker").isInt()).isTrue();
		}
		assertThat(evaluations.get(0).get("best").asBoolean()).isTrue();

		List<String> csv = Files.readAllLines(this.dir.resolve("run/evaluations.csv"));
		assertThat(csv.get(0)).isEqualTo(Quality.CSV_HEADER);
		List<Quality> rows = csv.stream().skip(1).map(Quality::parseCsvRow).toList();
		assertThat(rows).extracting(Quality::step).containsExactly(10L, 20L, 25L);
		assertThat(rows).allSatisfy((q) -> {
			assertThat(q.classCounts()).hasSize(10).containsKey("Sneaker");
			assertThat(q.classCounts().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
			assertThat(q.classEntropyBits()).isBetween(0.0, 3.33);
			assertThat(q.worstClass()).isNotNull();
		});
		assertThat(rows.get(2).fd()).isEqualTo(evaluations.get(2).get("fd").asDouble(),
				org.assertj.core.data.Offset.offset(1e-4 * rows.get(2).fd()));

		Quality best = rows.stream().min(Comparator.comparingDouble(Quality::fd)).orElseThrow();
		Manifest bestInRun = CheckpointStore.readManifest(this.dir.resolve("run/best"));
		assertThat(bestInRun.step()).isEqualTo(best.step());
		assertThat(((Number) bestInRun.metrics().get("fd")).doubleValue()).isEqualTo(best.fd(),
				org.assertj.core.data.Offset.offset(1e-4 * best.fd()));

		Manifest exported = CheckpointStore.readManifest(this.dir.resolve("models/tiny-best"));
		assertThat(exported.name()).isEqualTo("tiny-best");
		assertThat(exported.step()).isEqualTo(best.step());
		assertThat(exported.metrics()).containsEntry("samples", 200).containsKeys("kid", "featureExtractor");
		assertThat(this.dir.resolve("models/tiny-best").resolve(CheckpointStore.GENERATOR)).isRegularFile();

		Manifest last = CheckpointStore.readManifest(this.dir.resolve("models/tiny"));
		assertThat(last.step()).isEqualTo(25);
		assertThat(((Number) last.metrics().get("fd")).doubleValue()).isEqualTo(rows.get(2).fd(),
				org.assertj.core.data.Offset.offset(1e-4 * rows.get(2).fd()));
		assertThat(last.metrics()).containsEntry("step", 25).containsEntry("reference", "fashion-mnist:test");
	}

	@Test
	void aDatasetWithoutAnExtractorIsRefusedBeforeTraining() {
		Run run = train("synthetic:64", "--evaluate-every", "10", "--steps", "20");
		assertThat(run.exitCode()).isEqualTo(picocli.CommandLine.ExitCode.USAGE);
		assertThat(run.err()).contains("--evaluate-every", "No feature extractor", "synthetic:64");
		assertThat(run.lines("step")).isEmpty();
		assertThat(this.dir.resolve("run")).doesNotExist();
	}

	@Test
	void evaluateSamplesOutOfRangeIsAUsageError() {
		Run run = train("fashion-mnist:test", "--evaluate-every", "10", "--evaluate-samples", "5", "--steps", "20");
		assertThat(run.exitCode()).isEqualTo(picocli.CommandLine.ExitCode.USAGE);
		assertThat(run.err()).contains("--evaluate-samples");
	}

	private Run train(String dataset, String... extra) {
		List<String> args = new ArrayList<>(List.of("train", "--dataset", dataset, "--arch", "dcgan", "--image-size",
				"32", "--nz", "16", "--ngf", "8", "--ndf", "8", "--batch-size", "16", "--seed", "5", "--sample-every",
				"0", "--snapshot-every", "0", "--evaluate-samples", "200", "--progress", "json", "--cache-dir",
				this.dir.resolve("cache").toString(), "--out", this.dir.resolve("models/tiny").toString(), "--run-dir",
				this.dir.resolve("run").toString()));
		args.addAll(List.of(extra));
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		ByteArrayOutputStream errors = new ByteArrayOutputStream();
		PrintStream original = System.out;
		PrintStream originalErr = System.err;
		int exitCode;
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
		try {
			exitCode = Cli.run(args.toArray(String[]::new));
		}
		finally {
			System.setOut(original);
			System.setErr(originalErr);
		}
		List<JsonNode> lines = captured.toString(StandardCharsets.UTF_8)
			.lines()
			.filter((line) -> line.startsWith("{"))
			.map(JSON::readTree)
			.toList();
		return new Run(exitCode, lines, errors.toString(StandardCharsets.UTF_8));
	}

	private record Run(int exitCode, List<JsonNode> all, String err) {

		List<JsonNode> lines(String type) {
			return this.all.stream().filter((line) -> line.get("type").asString().equals(type)).toList();
		}

	}

}
