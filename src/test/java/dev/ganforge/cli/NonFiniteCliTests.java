package dev.ganforge.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NaN in training, end to end through the {@code train} command: no valid setting makes
 * the losses non-finite reliably (learning rates of 1 with every loss and both
 * architectures train on), so the fault is injected where training would leave it, in a
 * snapshot's weights (with a valid checksum). The resumed run fails at its first step
 * with the reason, and neither a snapshot nor a model of the poisoned state is written.
 */
@ExtendWith(OutputCaptureExtension.class)
class NonFiniteCliTests {

	@TempDir
	Path dir;

	@Test
	void aNonFiniteLossFailsTheRunAndIsNeverSaved(CapturedOutput output) {
		Path out = this.dir.resolve("models/nan");
		Path run = this.dir.resolve("runs/nan");
		assertThat(Cli.run(args(out, run, "2"))).isZero();
		Path snapshot = CheckpointStore.latestSnapshot(run).orElseThrow();
		Manifest manifest = CheckpointStore.readManifest(snapshot);

		// One NaN weight in G, written like any snapshot: the checksums are valid.
		TrainingConfig config = new TrainingConfig(new NetworkSpec(Architecture.GAN, 16, 1, 8, 8, 8), "synthetic:64", 0,
				2, 16, 2e-4f, 2e-4f, 0.5f, 0.999f, 5L, GanLoss.NON_SATURATING, 0, 2);
		try (GanTrainer trainer = CheckpointStore.restore(snapshot, config)) {
			trainer.generator().getParameters().valueAt(0).getArray().muli(Float.NaN);
			CheckpointStore.writeSnapshot(run, manifest, trainer, 2);
		}

		assertThat(Cli.run(args(out, run, "6", "--resume"))).isEqualTo(TrainCommand.EXIT_FAILED);
		assertThat(output.getOut()).contains("\"type\":\"failed\"").contains("diverged at step 3");
		assertThat(CheckpointStore.latestSnapshot(run)).hasValue(snapshot);
		Manifest model = CheckpointStore.readManifest(out);
		assertThat(model.step()).isEqualTo(2);
		for (Map.Entry<String, String> file : model.sha256().entrySet()) {
			CheckpointStore.readVerified(out.resolve(file.getKey()), file.getValue());
		}
	}

	private static String[] args(Path out, Path run, String steps, String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("--seed", "5", "--steps", steps));
		args.addAll(List.of(extra));
		return CliTests.args(out, run, args.toArray(String[]::new));
	}

}
