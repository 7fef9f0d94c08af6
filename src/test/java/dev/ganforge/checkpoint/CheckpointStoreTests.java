package dev.ganforge.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.GradMode;
import dev.ganforge.nn.Latents;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CheckpointStoreTests {

	private static final TrainingConfig CONFIG = new TrainingConfig(
			new NetworkSpec(Architecture.DCGAN, 16, 1, 16, 8, 8), "synthetic:64", 0, 10, 16, 2e-4f, 2e-4f, 0.5f, 0.999f,
			3L, GanLoss.NON_SATURATING, 0, 0);

	private static final Manifest.Provenance PROVENANCE = new Manifest.Provenance("test", "test", 1.0);

	@TempDir
	Path dir;

	@BeforeAll
	static void inferenceThread() {
		GradMode.disableOnThisThread();
	}

	@Test
	void savedModelGivesIdenticalImagesWhenLoaded() {
		Path model = this.dir.resolve("m");
		float[] latents = Latents.gaussianBatch(11, 4, 16);
		float[] expected;
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			expected = trainer.generate(latents, 4);
			CheckpointStore.writeModel(model, Manifest.of("ignored", CONFIG, 0, null, PROVENANCE), trainer.generator(),
					new byte[] { 1, 2, 3 });
		}
		Manifest manifest = CheckpointStore.readManifest(model);
		assertThat(manifest.name()).isEqualTo("m");
		assertThat(manifest.formatVersion()).isEqualTo(Manifest.FORMAT_VERSION);
		assertThat(manifest.network()).isEqualTo(CONFIG.network());
		assertThat(manifest.trainingConfig()).isEqualTo(CONFIG);
		assertThat(manifest.sha256()).containsKey(CheckpointStore.GENERATOR);
		assertThat(model.resolve(CheckpointStore.SAMPLES)).exists();
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block generator = CheckpointStore.loadGenerator(model, manifest, manager);
			float[] actual = generator
				.forward(new ParameterStore(manager, false),
						new NDList(manager.create(latents, CONFIG.network().latentShape(4))), false)
				.singletonOrThrow()
				.toFloatArray();
			assertThat(actual).containsExactly(expected);
		}
	}

	@Test
	void replacingAModelIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
		Path model = this.dir.resolve("m");
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			CheckpointStore.writeModel(model, Manifest.of("m", CONFIG, 1, null, PROVENANCE), trainer.generator(), null);
			CheckpointStore.writeModel(model, Manifest.of("m", CONFIG, 2, null, PROVENANCE), trainer.generator(), null);
		}
		assertThat(CheckpointStore.readManifest(model).step()).isEqualTo(2);
		try (var entries = Files.list(this.dir)) {
			assertThat(entries.map((p) -> p.getFileName().toString())).containsExactly("m");
		}
	}

	@Test
	void recoverRestoresAModelWhoseReplacementWasInterrupted() throws IOException {
		Path model = this.dir.resolve("m");
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			CheckpointStore.writeModel(model, Manifest.of("m", CONFIG, 1, null, PROVENANCE), trainer.generator(), null);
		}
		// A crash between "rename old aside" and "rename new in" leaves these two behind.
		Files.move(model, this.dir.resolve(".old-m-123e4567-e89b-12d3-a456-426614174000"));
		Files.createDirectories(this.dir.resolve(".tmp-m-123e4567-e89b-12d3-a456-426614174001"));
		CheckpointStore.recover(this.dir);
		assertThat(CheckpointStore.readManifest(model).step()).isEqualTo(1);
		try (var entries = Files.list(this.dir)) {
			assertThat(entries.map((p) -> p.getFileName().toString())).containsExactly("m");
		}
	}

	@Test
	void corruptTruncatedOrForeignCheckpointsFailClearly() throws IOException {
		Path model = this.dir.resolve("m");
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			CheckpointStore.writeModel(model, Manifest.of("m", CONFIG, 1, null, PROVENANCE), trainer.generator(), null);
		}
		Manifest manifest = CheckpointStore.readManifest(model);
		Path params = model.resolve(CheckpointStore.GENERATOR);
		byte[] original = Files.readAllBytes(params);

		byte[] flipped = original.clone();
		flipped[flipped.length / 2] ^= 0x40;
		Files.write(params, flipped);
		assertLoadFails(model, manifest, "is corrupt");

		Files.write(params, java.util.Arrays.copyOf(original, original.length / 2));
		assertLoadFails(model, manifest, "is corrupt");

		Files.delete(params);
		assertLoadFails(model, manifest, "has no generator.params");

		String json = Files.readString(model.resolve(CheckpointStore.MANIFEST));
		Files.writeString(model.resolve(CheckpointStore.MANIFEST),
				json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));
		assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> CheckpointStore.readManifest(model))
			.withMessageContaining("format version 99");

		Files.writeString(model.resolve(CheckpointStore.MANIFEST), json.substring(0, json.length() / 2));
		assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> CheckpointStore.readManifest(model))
			.withMessageContaining("unreadable manifest.json");

		Files.writeString(model.resolve(CheckpointStore.MANIFEST),
				json.replace("\"imageSize\" : 16", "\"imageSize\" : 17"));
		assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> CheckpointStore.readManifest(model))
			.withMessageContaining("imageSize");

		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointStore.readManifest(this.dir.resolve("missing")))
			.withMessageContaining("has no manifest.json");
	}

	@Test
	void snapshotsRestoreTheWholeTrainerAndArePruned() {
		Path run = this.dir.resolve("run");
		float[] latents = Latents.gaussianBatch(5, 2, 16);
		float[] expected;
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			for (int step = 1; step <= 3; step++) {
				trainStep(trainer);
				CheckpointStore.writeSnapshot(run, Manifest.of("m", CONFIG, trainer.completedSteps(), null, PROVENANCE),
						trainer, 2);
			}
			expected = trainer.generate(latents, 2);
		}
		assertThat(CheckpointStore.latestSnapshot(run))
			.hasValueSatisfying((p) -> assertThat(p.getFileName().toString()).isEqualTo("step-000000003"));
		assertThat(run.resolve("snapshots/step-000000001")).doesNotExist();
		assertThat(run.resolve("snapshots/step-000000002")).exists();
		try (GanTrainer restored = CheckpointStore.restore(CheckpointStore.latestSnapshot(run).get(), CONFIG)) {
			assertThat(restored.completedSteps()).isEqualTo(3);
			assertThat(restored.generate(latents, 2)).containsExactly(expected);
			trainStep(restored);
			assertThat(restored.completedSteps()).isEqualTo(4);
		}
		TrainingConfig other = new TrainingConfig(new NetworkSpec(Architecture.GAN, 16, 1, 16, 8, 8), "synthetic:64", 0,
				10, 16, 2e-4f, 2e-4f, 0.5f, 0.999f, 3L, GanLoss.NON_SATURATING, 0, 0);
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointStore.restore(CheckpointStore.latestSnapshot(run).get(), other))
			.withMessageContaining("not the requested");
	}

	@Test
	void failedWriteLeavesThePreviousModelIntact() throws IOException {
		Path model = this.dir.resolve("m");
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			CheckpointStore.writeModel(model, Manifest.of("m", CONFIG, 1, null, PROVENANCE), trainer.generator(), null);
			// A parent that is a file makes the write fail after the temporary directory
			// is begun.
			Path blocked = this.dir.resolve("file");
			Files.writeString(blocked, "x", StandardOpenOption.CREATE);
			assertThatExceptionOfType(UncheckedIOException.class)
				.isThrownBy(() -> CheckpointStore.writeModel(blocked.resolve("m"),
						Manifest.of("m", CONFIG, 2, null, PROVENANCE), trainer.generator(), null));
		}
		assertThat(CheckpointStore.readManifest(model).step()).isEqualTo(1);
	}

	private static void trainStep(GanTrainer trainer) {
		try (NDManager batch = trainer.manager().newSubManager()) {
			trainer.step(batch.randomUniform(-1, 1, CONFIG.network().imageShape(16)), 0);
		}
	}

	private static void assertLoadFails(Path model, Manifest manifest, String message) {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			assertThatExceptionOfType(CheckpointException.class)
				.isThrownBy(() -> CheckpointStore.loadGenerator(model, manifest, manager))
				.withMessageContaining(message);
		}
	}

}
