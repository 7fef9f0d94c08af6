package dev.ganforge.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.jobs.JobRequest;
import dev.ganforge.run.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingOptionsTests {

	@TempDir
	Path dir;

	@Test
	void theCommandLineAndTheJobApiHaveOneSetOfDefaults() {
		TrainCommand command = new TrainCommand();
		new picocli.CommandLine(command).parseArgs("--out", "x");
		RunConfig fromCli = command.config();
		RunConfig fromApi = JsonMapper.builder()
			.build()
			.readValue("{\"modelName\":\"x\"}", JobRequest.class)
			.runConfig();
		assertThat(fromCli).isEqualTo(fromApi);
		assertThat(fromCli.training().seed()).isEqualTo(42);
	}

	@Test
	void aConfigurationFileTrainsWhatItSaysAndCannotBeMixedWithTrainingOptions() throws Exception {
		Path probe = this.dir.resolve("probe");
		TrainCommand options = new TrainCommand();
		String[] args = CliTests.args(probe, probe, "--steps", "3", "--lr-d", "3e-4");
		new picocli.CommandLine(options).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
		Path file = this.dir.resolve("config.json");
		options.config().write(file);

		Path out = this.dir.resolve("models/from-file");
		Path run = this.dir.resolve("runs/from-file");
		String[] fromFile = { "train", "--config", file.toString(), "--progress", "none", "--out", out.toString(),
				"--run-dir", run.toString() };
		assertThat(Cli.run(fromFile)).isZero();
		assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(3);
		assertThat(CheckpointStore.readManifest(out).trainingConfig().learningRateD()).isEqualTo(3e-4f);
		assertThat(Files.readString(run.resolve("history.csv")).lines()).hasSize(4);

		String[] mixed = { "train", "--config", file.toString(), "--lr", "1e-3", "--progress", "none", "--out",
				this.dir.resolve("models/mixed").toString() };
		assertThat(Cli.run(mixed)).isEqualTo(2);
		assertThat(this.dir.resolve("models/mixed")).doesNotExist();

		Files.writeString(file, "{\"training\":{}}");
		String[] broken = { "train", "--config", file.toString(), "--progress", "none", "--out",
				this.dir.resolve("models/broken").toString() };
		assertThat(Cli.run(broken)).isEqualTo(2);
		String[] missing = { "train", "--config", this.dir.resolve("nowhere.json").toString(), "--progress", "none",
				"--out", this.dir.resolve("models/broken").toString() };
		assertThat(Cli.run(missing)).isEqualTo(2);
		assertThat(this.dir.resolve("models/broken")).doesNotExist();
	}

}
