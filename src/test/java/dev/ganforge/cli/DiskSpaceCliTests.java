package dev.ganforge.cli;

import java.nio.file.Path;

import dev.ganforge.checkpoint.CheckpointStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --min-free-disk}: a run whose disk is too full fails before a snapshot with a
 * reason, writes nothing, and leaves the previous snapshot loadable.
 */
@ExtendWith(OutputCaptureExtension.class)
class DiskSpaceCliTests {

	@TempDir
	Path dir;

	@Test
	void aSnapshotIsRefusedWhenTheDiskIsTooFullAndTheLastOneStaysIntact(CapturedOutput output) {
		Path out = this.dir.resolve("models/full");
		Path run = this.dir.resolve("runs/full");
		assertThat(Cli.run(CliTests.args(out, run, "--steps", "2", "--min-free-disk", "1MB"))).isZero();
		Path before = CheckpointStore.latestSnapshot(run).orElseThrow();
		assertThat(CheckpointStore.readManifest(before).step()).isEqualTo(2);

		assertThat(Cli.run(CliTests.args(out, run, "--steps", "4", "--resume", "--min-free-disk", "1000000TB")))
			.isEqualTo(TrainCommand.EXIT_FAILED);
		assertThat(output.getOut()).contains("\"type\":\"failed\"")
			.contains("Not enough free disk space to write a snapshot")
			.contains("earlier snapshots are intact");
		assertThat(CheckpointStore.latestSnapshot(run)).hasValue(before);
		assertThat(CheckpointStore.readManifest(before).step()).isEqualTo(2);
		assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(2);
	}

}
