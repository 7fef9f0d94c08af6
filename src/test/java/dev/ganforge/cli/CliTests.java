package dev.ganforge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class CliTests {

	@TempDir
	Path dir;

	@Test
	void trainsExportsAndResumesWithTheStepCountContinuing() throws Exception {
		Path out = this.dir.resolve("models/tiny");
		Path run = this.dir.resolve("runs/tiny");
		assertThat(Cli.run(args(out, run, "--steps", "4"))).isZero();
		Manifest manifest = CheckpointStore.readManifest(out);
		assertThat(manifest.step()).isEqualTo(4);
		assertThat(manifest.provenance().command()).startsWith("ganforge train --dataset synthetic:64");
		assertThat(out.resolve("samples.png")).exists();
		assertThat(run.resolve("samples/step-000000002.png")).exists();
		assertThat(Files.readAllLines(run.resolve("history.csv"))).hasSize(5);

		assertThat(Cli.run(args(out, run, "--steps", "6", "--resume"))).isZero();
		assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(6);
		List<String> history = Files.readAllLines(run.resolve("history.csv"));
		assertThat(history).hasSize(7);
		assertThat(history.get(5)).startsWith("5,");
	}

	@Test
	void wordsAndVersionOptionsAreTheCommandLinesAndPropertiesTheServices(CapturedOutput output) {
		assertThat(Cli.handles(new String[] { "train" })).isTrue();
		assertThat(Cli.handles(new String[] { "trian" })).isTrue();
		assertThat(Cli.handles(new String[] { "--version" })).isTrue();
		assertThat(Cli.handles(new String[] { "-V" })).isTrue();
		assertThat(Cli.handles(new String[] { "--server.port=0" })).isFalse();
		assertThat(Cli.handles(new String[0])).isFalse();

		assertThat(Cli.run(new String[] { "--version" })).isZero();
		assertThat(output.getOut()).containsPattern("GANForge \\d+\\.\\d+");
		assertThat(Cli.run(new String[] { "trian", "--steps", "2" })).isEqualTo(2);
		assertThat(output.getErr()).contains("trian").contains("Did you mean").contains("train");
	}

	@Test
	void aFreshRunRefusesARunDirectoryHoldingAnEarlierRunsSnapshots() throws Exception {
		Path out = this.dir.resolve("models/twice");
		Path run = this.dir.resolve("runs/twice");
		assertThat(Cli.run(args(out, run, "--steps", "6"))).isZero();
		List<String> history = Files.readAllLines(run.resolve("history.csv"));
		Manifest earlier = CheckpointStore.readManifest(out);

		assertThat(Cli.run(args(out, run, "--steps", "2"))).isEqualTo(2);
		assertThat(Files.readAllLines(run.resolve("history.csv"))).isEqualTo(history);
		assertThat(CheckpointStore.latestSnapshot(run).orElseThrow().getFileName()).hasToString("step-000000006");
		assertThat(CheckpointStore.readManifest(out)).isEqualTo(earlier);

		Path elsewhere = this.dir.resolve("runs/again");
		assertThat(Cli.run(args(out, elsewhere, "--steps", "2"))).isZero();
		assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(2);
	}

	@Test
	void badOptionsAndDataFailWithoutTraceback() {
		Path out = this.dir.resolve("models/bad");
		Path run = this.dir.resolve("runs/bad");
		assertThat(Cli.run(args(out, run, "--image-size", "48"))).isEqualTo(2);
		assertThat(Cli.run(args(out, run, "--steps", "x"))).isEqualTo(2);
		assertThat(Cli.run(new String[] { "train", "--dataset", "folder:../etc", "--out", out.toString() }))
			.isEqualTo(2);
		assertThat(Cli.run(new String[] { "train", "--dataset", "folder:nowhere", "--data-root", this.dir.toString(),
				"--out", out.toString(), "--run-dir", run.toString(), "--progress", "none" }))
			.isEqualTo(TrainCommand.EXIT_FAILED);
		assertThat(Cli.run(args(out, run, "--resume"))).isEqualTo(TrainCommand.EXIT_FAILED);
		assertThat(out).doesNotExist();
	}

	@Test
	void stabiliserOptionsReachTheConfigAndTheManifest() throws Exception {
		TrainCommand command = new TrainCommand();
		new picocli.CommandLine(command).parseArgs("--dataset", "synthetic:64", "--out", "x", "--lr-d", "4e-4",
				"--lr-g", "1e-4", "--label-smoothing", "0.1", "--ema-decay", "0.999", "--d-steps", "2");
		TrainingConfig config = command.config().training();
		assertThat(config.stabilisers()).isEqualTo(new TrainingConfig.Stabilisers(0.1f, 0.999f, 2, false));
		assertThat(config.learningRateD()).isEqualTo(4e-4f);
		assertThat(config.learningRateG()).isEqualTo(1e-4f);
		TrainCommand plain = new TrainCommand();
		new picocli.CommandLine(plain).parseArgs("--out", "x");
		assertThat(plain.config().training().stabilisers()).isEqualTo(TrainingConfig.Stabilisers.NONE);

		Path out = this.dir.resolve("models/ema");
		Path run = this.dir.resolve("runs/ema");
		assertThat(Cli.run(args(out, run, "--d-steps", "0"))).isEqualTo(2);
		assertThat(Cli.run(args(out, run, "--loss", "hinge", "--label-smoothing", "0.1"))).isEqualTo(2);
		assertThat(Cli
			.run(args(out, run, "--steps", "2", "--ema-decay", "0.9", "--d-steps", "2", "--label-smoothing", "0.1")))
			.isZero();
		assertThat(CheckpointStore.readManifest(out).trainingConfig().stabilisers())
			.isEqualTo(new TrainingConfig.Stabilisers(0.1f, 0.9f, 2, false));
		assertThat(CheckpointStore.latestSnapshot(run).orElseThrow().resolve(CheckpointStore.GENERATOR_AVERAGE))
			.exists();
		assertThat(Cli.run(args(out, run, "--steps", "3", "--ema-decay", "0.9", "--d-steps", "2", "--label-smoothing",
				"0.1", "--resume")))
			.isZero();
		assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(3);
	}

	@Test
	void spectralNormIsAcceptedRecordedAndKeptOnResume() {
		TrainCommand command = new TrainCommand();
		new picocli.CommandLine(command).parseArgs("--dataset", "synthetic:64", "--out", "x", "--spectral-norm");
		assertThat(command.config().training().stabilisers())
			.isEqualTo(new TrainingConfig.Stabilisers(0f, 0f, 1, true));

		Path out = this.dir.resolve("models/sn");
		Path run = this.dir.resolve("runs/sn");
		assertThat(Cli.run(args(out, run, "--steps", "2", "--spectral-norm"))).isZero();
		assertThat(CheckpointStore.readManifest(out).hyperparameters().spectralNorm()).isTrue();
		assertThat(Cli.run(args(out, run, "--steps", "3", "--resume"))).isEqualTo(TrainCommand.EXIT_FAILED);
		assertThat(Cli.run(args(out, run, "--steps", "3", "--spectral-norm", "--resume"))).isZero();
		assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(3);
	}

	/**
	 * A {@code train} command line for a tiny vanilla GAN on synthetic data, with JSON
	 * progress; shared by the CLI tests of this package.
	 */
	static String[] args(Path out, Path run, String... extra) {
		List<String> args = new java.util.ArrayList<>(
				List.of("train", "--dataset", "synthetic:64", "--arch", "gan", "--image-size", "16", "--ngf", "8",
						"--ndf", "8", "--nz", "8", "--batch-size", "16", "--sample-every", "2", "--snapshot-every", "2",
						"--progress", "json", "--out", out.toString(), "--run-dir", run.toString()));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

}
