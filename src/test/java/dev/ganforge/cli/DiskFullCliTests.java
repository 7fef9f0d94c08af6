package dev.ganforge.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.models.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The disk filling during a snapshot, for real: the run directory is a small tmpfs,
 * filled after a first snapshot so that the next one cannot fit, with the free-space
 * check off ({@code --min-free-disk 0}), so the write meets ENOSPC. The run fails with
 * the reason, the previous snapshot stays intact and loadable, and no temporary directory
 * is left behind. Needs root (to mount); skipped otherwise.
 */
@ExtendWith(OutputCaptureExtension.class)
class DiskFullCliTests {

	@TempDir
	Path dir;

	@Test
	void aSnapshotThatMeetsAFullDiskFailsTheRunAndLeavesThePreviousOneIntact(CapturedOutput output) throws Exception {
		Path mount = Files.createDirectories(this.dir.resolve("tmpfs"));
		assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString()) == 0,
				"needs root and permission to mount a tmpfs (CI runs as root)");
		try {
			Path out = this.dir.resolve("models/full");
			Path run = mount.resolve("runs/full");
			assertThat(Cli.run(args(out, run, "2"))).isZero();
			Path before = CheckpointStore.latestSnapshot(run).orElseThrow();
			long snapshotBytes = size(before);

			// Fill the tmpfs, leaving room for the history's next lines but not for a
			// snapshot.
			long room = Files.getFileStore(mount).getUsableSpace();
			try (RandomAccessFile filler = new RandomAccessFile(mount.resolve("filler").toFile(), "rw")) {
				filler.write(new byte[(int) (room - snapshotBytes / 4)]);
			}
			assertThat(Files.getFileStore(mount).getUsableSpace()).isLessThan(snapshotBytes);

			assertThat(Cli.run(args(out, run, "4", "--resume"))).isEqualTo(TrainCommand.EXIT_FAILED);
			assertThat(output.getOut()).contains("\"type\":\"failed\"").containsIgnoringCase("no space left");
			assertThat(CheckpointStore.latestSnapshot(run)).hasValue(before);
			assertThat(hidden(run.resolve("snapshots"))).as("temporary directories left by the failed write").isEmpty();
			Manifest manifest = CheckpointStore.readManifest(before);
			assertThat(manifest.step()).isEqualTo(2);
			for (Map.Entry<String, String> file : manifest.sha256().entrySet()) {
				CheckpointStore.readVerified(before.resolve(file.getKey()), file.getValue());
			}
			try (LoadedModel model = LoadedModel.load(before)) {
				assertThat(model.spec().nz()).isEqualTo(8);
			}
			assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(2);
		}
		finally {
			run("umount", mount.toString());
		}
	}

	private static String[] args(Path out, Path run, String steps, String... extra) {
		List<String> args = new java.util.ArrayList<>(List.of("train", "--dataset", "synthetic:64", "--arch", "gan",
				"--image-size", "16", "--ngf", "64", "--ndf", "64", "--nz", "8", "--batch-size", "16", "--sample-every",
				"0", "--snapshot-every", "2", "--min-free-disk", "0", "--progress", "json", "--steps", steps, "--out",
				out.toString(), "--run-dir", run.toString()));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	private static long size(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
	}

	private static List<Path> hidden(Path dir) throws IOException {
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.filter((p) -> p.getFileName().toString().startsWith(".")).toList();
		}
	}

	private static int run(String... command) throws IOException, InterruptedException {
		try {
			return new ProcessBuilder(command).inheritIO().start().waitFor();
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
