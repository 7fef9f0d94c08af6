package dev.ganforge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.ganforge.GanForgeApplication;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.models.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL during checkpoint writes: a {@code train} process that snapshots and samples
 * after every step (so that most of its time is spent writing) is killed with
 * {@code destroyForcibly} at randomised moments (fixed seed), again and again, each run
 * resuming the last. After every kill the newest snapshot verifies and loads, the model
 * directory holds a complete model or none once {@link CheckpointStore#recover} has run
 * (as the service does at start); the last run, not killed, resumes, finishes and leaves
 * no abandoned temporary snapshot behind.
 */
class CheckpointKillTests {

	private static final int KILLS = 8;

	/** Kills at most, while none has yet interrupted a write. */

	private static final int MAX_KILLS = 40;

	@TempDir
	Path dir;

	@Test
	void killsAtRandomMomentsNeverLeaveAHalfWrittenCheckpoint() throws Exception {
		Path models = this.dir.resolve("models");
		Path out = models.resolve("killed");
		Path run = this.dir.resolve("runs/killed");
		Random random = new Random(20261128);
		int killedMidWrite = 0;
		long lastStep = 0;
		// At least KILLS kills, and more until one has landed mid-write: how often a
		// random moment falls in a write depends on the machine's speed.
		for (int kill = 0; kill < KILLS || (killedMidWrite == 0 && kill < MAX_KILLS); kill++) {
			// Every other run is short enough to reach its end, so that kills also land
			// while the model is exported; the others are always killed mid-training.
			long target = (kill % 2 == 0) ? 1_000_000 : lastStep + 1 + random.nextInt(40);
			Process train = train(out, run, target, lastStep > 0);
			awaitFirstStep(train);
			Thread.sleep(random.nextInt(600));
			train.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

			List<Path> leftovers = new ArrayList<>(hidden(run.resolve("snapshots")));
			leftovers.addAll(hidden(models));
			if (!leftovers.isEmpty()) {
				killedMidWrite++;
			}
			// What the service does at start for its models directory; a run directory
			// is left as the kill left it, for the next run to cope with.
			CheckpointStore.recover(models);
			assertThat(hidden(models)).isEmpty();

			Path snapshot = CheckpointStore.latestSnapshot(run).orElse(null);
			if (snapshot != null) {
				verifyAndLoad(snapshot);
				long step = CheckpointStore.readManifest(snapshot).step();
				assertThat(step).as("the newest snapshot after kill %d", kill).isGreaterThanOrEqualTo(lastStep);
				lastStep = step;
			}
			if (Files.exists(out)) {
				verifyAndLoad(out);
			}
		}
		assertThat(lastStep).as("some runs trained and snapshotted before their kill").isPositive();
		assertThat(killedMidWrite).as("kills that interrupted a write").isPositive();

		// Finally a run that is left alone resumes from the last snapshot and finishes.
		Process last = train(out, run, lastStep + 5, true);
		assertThat(last.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(last.exitValue()).isZero();
		assertThat(CheckpointStore.readManifest(out).step()).isEqualTo(lastStep + 5);
		verifyAndLoad(out);
		assertThat(hidden(run.resolve("snapshots"))).as("abandoned temporary snapshots, after a run that snapshotted")
			.isEmpty();
	}

	private static void verifyAndLoad(Path checkpoint) {
		Manifest manifest = CheckpointStore.readManifest(checkpoint);
		assertThat(manifest.sha256()).isNotEmpty();
		for (Map.Entry<String, String> file : manifest.sha256().entrySet()) {
			CheckpointStore.readVerified(checkpoint.resolve(file.getKey()), file.getValue());
		}
		try (LoadedModel model = LoadedModel.load(checkpoint)) {
			assertThat(model.spec().nz()).isEqualTo(8);
		}
	}

	private Process train(Path out, Path run, long steps, boolean resume) throws IOException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-Dai.djl.offline=true",
				"-cp", System.getProperty("java.class.path"), GanForgeApplication.class.getName(), "train", "--dataset",
				"synthetic:64", "--arch", "gan", "--image-size", "16", "--ngf", "8", "--ndf", "8", "--nz", "8",
				"--batch-size", "16", "--seed", "5", "--sample-every", "1", "--snapshot-every", "1", "--progress",
				"json", "--steps", Long.toString(steps), "--out", out.toString(), "--run-dir", run.toString()));
		if (resume) {
			command.add("--resume");
		}
		return new ProcessBuilder(command).redirectError(this.dir.resolve("train.err").toFile()).start();
	}

	/** Waits for the run's first step line, then keeps draining its output. */
	private static void awaitFirstStep(Process train) throws InterruptedException {
		CountDownLatch stepped = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(train.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.contains("\"type\":\"step\"") || line.contains("\"type\":\"done\"")) {
						stepped.countDown();
					}
				}
			}
			catch (IOException ex) {
				// the process was killed
			}
			stepped.countDown();
		});
		reader.setDaemon(true);
		reader.start();
		assertThat(stepped.await(2, TimeUnit.MINUTES)).as("the run started training").isTrue();
	}

	private static List<Path> hidden(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.filter((p) -> p.getFileName().toString().startsWith(".")).toList();
		}
	}

}
