package dev.ganforge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.ganforge.training.StepStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deliberately unstable run (D's learning rate a thousand times G's, so D wins at once
 * and G's loss climbs) under each divergence policy.
 */
class DivergenceCliTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void rollbackGoesBackToTheLastGoodSnapshotWithLowerRatesThenStops() throws Exception {
		Run run = train("rollback", "200", "--max-rollbacks", "2");
		assertThat(run.exitCode()).isEqualTo(TrainCommand.EXIT_FAILED);
		List<JsonNode> findings = run.lines("divergence");
		assertThat(findings).hasSize(3);
		assertThat(findings).allSatisfy((f) -> assertThat(f.get("kind").asString()).isEqualTo("discriminator-wins"));
		assertThat(findings.get(0).get("action").asString()).startsWith("rolled back to step ")
			.contains("learning rates D 0.00500 and G 5.00e-06", "rollback 1 of 2");
		assertThat(findings.get(1).get("action").asString()).contains("D 0.00250", "rollback 2 of 2");
		assertThat(findings.get(2).get("action").asString()).isEqualTo("stopped after 2 rollbacks (--max-rollbacks)");
		assertThat(run.lines("failed").get(0).get("reason").asString()).contains("diverged", "discriminator-wins");
		// The history is the run that was kept: rows from step 1 without a repeat.
		List<String> rows = Files.readAllLines(this.dir.resolve("run/history.csv"));
		for (int i = 1; i < rows.size(); i++) {
			assertThat(StepStats.parseCsvRow(rows.get(i)).step()).isEqualTo(i);
		}
		assertThat(this.dir.resolve("model")).doesNotExist();
	}

	@Test
	void warnReportsTheFindingAndTrainsOn() throws Exception {
		Run run = train("warn", "60");
		assertThat(run.exitCode()).isZero();
		List<JsonNode> findings = run.lines("divergence");
		assertThat(findings).isNotEmpty();
		assertThat(findings.get(0).get("action").asString()).isEqualTo("warned");
		assertThat(findings.get(0).get("evidence").asString()).contains("D(x)", "D(G(z))");
		assertThat(run.lines("done")).hasSize(1);
	}

	@Test
	void stopFailsAtTheFirstFinding() throws Exception {
		Run run = train("stop", "200");
		assertThat(run.exitCode()).isEqualTo(TrainCommand.EXIT_FAILED);
		assertThat(run.lines("divergence")).hasSize(1);
		assertThat(run.lines("divergence").get(0).get("action").asString()).isEqualTo("stopped");
		long stoppedAt = run.lines("divergence").get(0).get("step").asLong();
		assertThat(run.lines("step")).hasSize((int) stoppedAt);
	}

	private Run train(String policy, String steps, String... extra) {
		List<String> args = new ArrayList<>(List.of("train", "--dataset", "synthetic:256", "--arch", "gan",
				"--image-size", "16", "--nz", "8", "--ngf", "16", "--ndf", "16", "--batch-size", "16", "--steps", steps,
				"--lr-d", "0.01", "--lr-g", "0.00001", "--seed", "3", "--sample-every", "20", "--snapshot-every", "10",
				"--divergence-window", "20", "--on-divergence", policy, "--progress", "json", "--out",
				this.dir.resolve("model").toString(), "--run-dir", this.dir.resolve("run").toString()));
		args.addAll(List.of(extra));
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream original = System.out;
		int exitCode;
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			exitCode = Cli.run(args.toArray(String[]::new));
		}
		finally {
			System.setOut(original);
		}
		List<JsonNode> lines = captured.toString(StandardCharsets.UTF_8)
			.lines()
			.filter((line) -> line.startsWith("{"))
			.map(JSON::readTree)
			.toList();
		return new Run(exitCode, lines);
	}

	private record Run(int exitCode, List<JsonNode> all) {

		List<JsonNode> lines(String type) {
			return this.all.stream().filter((line) -> line.get("type").asString().equals(type)).toList();
		}

	}

}
