package dev.ganforge.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.GradMode;
import dev.ganforge.nn.Latents;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.StepStats;
import dev.ganforge.training.TrainingCallbacks;
import dev.ganforge.training.TrainingConfig;
import dev.ganforge.training.TrainingLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class CheckpointStoreTests {

	private static final TrainingConfig CONFIG = new TrainingConfig(
			new NetworkSpec(Architecture.DCGAN, 16, 1, 16, 8, 8), "synthetic:64", 0, 10, 16, 2e-4f, 2e-4f, 0.5f, 0.999f,
			3L, GanLoss.NON_SATURATING, 0, 0);

	private static final TrainingConfig.Stabilisers STABILISED = new TrainingConfig.Stabilisers(0.1f, 0.9f, 2, false);

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
	void loadingAModelNeitherReseedsNorDrawsFromTheEngine() {
		Path model = this.dir.resolve("m");
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			CheckpointStore.writeModel(model, Manifest.of("m", CONFIG, 1, null, PROVENANCE), trainer.generator(), null);
		}
		Manifest manifest = CheckpointStore.readManifest(model);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			manager.getEngine().setRandomSeed(99);
			float[] undisturbed = manager.randomNormal(new Shape(8)).toFloatArray();
			manager.getEngine().setRandomSeed(99);
			Block generator = CheckpointStore.loadGenerator(model, manifest, manager);
			assertThat(manager.randomNormal(new Shape(8)).toFloatArray()).containsExactly(undisturbed);
			// Loaded without an initialisation first: one array per parameter, no more.
			assertThat(generator.isInitialized()).isTrue();
			assertThat(manager.getManagedArrays()).hasSize(generator.getParameters().size() + 2);
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

	@Test
	void shippedManifestsWrittenBeforeTheStabilisersStillLoadWithThemOff() {
		// fashion-gan-32 is the one shipped manifest left from before the stabilisers.
		Manifest old = CheckpointStore.readManifest(Path.of("models", "fashion-gan-32"));
		assertThat(old.hyperparameters().emaDecay()).isNull();
		assertThat(old.trainingConfig().stabilisers()).isEqualTo(TrainingConfig.Stabilisers.NONE);
		// The retrained 64x64 model records the average it was trained with.
		Manifest retrained = CheckpointStore.readManifest(Path.of("models", "fashion-dcgan-64"));
		assertThat(retrained.trainingConfig().stabilisers().emaDecay()).isEqualTo(0.999f);
	}

	@Test
	void manifestRecordsTheStabilisers() {
		TrainingConfig config = CONFIG.withStabilisers(new TrainingConfig.Stabilisers(0.1f, 0.9f, 2, true));
		Path model = this.dir.resolve("m");
		try (GanTrainer trainer = new GanTrainer(config)) {
			CheckpointStore.writeModel(model, Manifest.of("m", config, 0, null, PROVENANCE), trainer, null);
		}
		Manifest manifest = CheckpointStore.readManifest(model);
		assertThat(manifest.hyperparameters().labelSmoothing()).isEqualTo(0.1f);
		assertThat(manifest.hyperparameters().emaDecay()).isEqualTo(0.9f);
		assertThat(manifest.hyperparameters().dSteps()).isEqualTo(2);
		assertThat(manifest.hyperparameters().spectralNorm()).isTrue();
		assertThat(manifest.trainingConfig()).isEqualTo(config);
	}

	@Test
	void withEmaOnTheExportedModelIsTheAverageOfG() {
		TrainingConfig config = CONFIG.withStabilisers(STABILISED);
		Path model = this.dir.resolve("m");
		float[] latents = Latents.gaussianBatch(11, 4, 16);
		float[] served;
		float[] live;
		try (GanTrainer trainer = new GanTrainer(config)) {
			for (int step = 0; step < 3; step++) {
				try (NDManager batch = trainer.manager().newSubManager()) {
					trainer.step(batch.randomUniform(-1, 1, config.network().imageShape(32)), 0);
				}
			}
			served = trainer.generate(latents, 4);
			live = forward(trainer.generator(), latents);
			CheckpointStore.writeModel(model, Manifest.of("m", config, 3, null, PROVENANCE), trainer, null);
		}
		assertThat(served).isNotEqualTo(live);
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			Block loaded = CheckpointStore.loadGenerator(model, CheckpointStore.readManifest(model), manager);
			assertThat(forward(loaded, latents)).containsExactly(served);
		}
	}

	@ParameterizedTest(name = "spectralNorm={0}")
	@ValueSource(booleans = { false, true })
	void snapshotsWithStabilisersResumeExactly(boolean spectralNorm) {
		TrainingConfig.Stabilisers stabilisers = new TrainingConfig.Stabilisers(0.1f, 0.9f, 2, spectralNorm);
		TrainingConfig config = CONFIG.withStabilisers(stabilisers);
		ImageDataset data = Datasets.load(DatasetSpec.parse(config.dataset()), 16, 1, null, config.seed());
		float[] noise = TrainingLoop.fixedNoise(config);
		List<StepStats> straight = new ArrayList<>();
		float[] expected;
		TrainingConfig fourSteps = new TrainingConfig(config.network(), config.dataset(), 0, 4, 16, 2e-4f, 2e-4f, 0.5f,
				0.999f, 3L, GanLoss.NON_SATURATING, 0, 2, stabilisers);
		try (GanTrainer trainer = new GanTrainer(fourSteps)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, straight::add, (step, images) -> {
			}, (t, last) -> {
			}));
			expected = trainer.generate(noise, TrainingLoop.SAMPLE_COUNT);
		}
		Path run = this.dir.resolve("run");
		TrainingCallbacks snapshotting = new TrainingCallbacks(() -> CheckpointStore.latestSnapshot(run).isPresent(),
				(s) -> {
				}, (step, images) -> {
				}, (t, last) -> CheckpointStore.writeSnapshot(run,
						Manifest.of("m", fourSteps, t.completedSteps(), last, PROVENANCE), t, 1));
		try (GanTrainer trainer = new GanTrainer(fourSteps)) {
			assertThat(TrainingLoop.run(trainer, data, snapshotting).steps()).isEqualTo(2);
		}
		Path snapshot = CheckpointStore.latestSnapshot(run).orElseThrow();
		assertThat(snapshot.resolve(CheckpointStore.GENERATOR_AVERAGE)).exists();
		List<StepStats> resumed = new ArrayList<>();
		try (GanTrainer trainer = CheckpointStore.restore(snapshot, fourSteps)) {
			TrainingLoop.run(trainer, data, new TrainingCallbacks(() -> false, resumed::add, (step, images) -> {
			}, (t, last) -> {
			}));
			assertThat(trainer.generate(noise, TrainingLoop.SAMPLE_COUNT)).containsExactly(expected, within(1e-5f));
		}
		assertThat(resumed).extracting(StepStats::lossG)
			.containsExactly(straight.get(2).lossG(), straight.get(3).lossG());
		// Spectral normalisation changes D's layers: it cannot be switched on resume.
		TrainingConfig switched = fourSteps
			.withStabilisers(new TrainingConfig.Stabilisers(0.1f, 0.9f, 2, !spectralNorm));
		assertThatExceptionOfType(CheckpointException.class)
			.isThrownBy(() -> CheckpointStore.restore(snapshot, switched))
			.withMessageContaining("spectralNorm=" + spectralNorm);
	}

	@Test
	void aSnapshotWithoutEmaStartsTheAverageFromTheRestoredGenerator() {
		Path run = this.dir.resolve("run");
		float[] latents = Latents.gaussianBatch(5, 2, 16);
		float[] expected;
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			trainStep(trainer);
			CheckpointStore.writeSnapshot(run, Manifest.of("m", CONFIG, 1, null, PROVENANCE), trainer, 1);
			expected = trainer.generate(latents, 2);
		}
		Path snapshot = CheckpointStore.latestSnapshot(run).orElseThrow();
		assertThat(snapshot.resolve(CheckpointStore.GENERATOR_AVERAGE)).doesNotExist();
		TrainingConfig withEma = CONFIG.withStabilisers(new TrainingConfig.Stabilisers(0f, 0.999f, 1, false));
		try (GanTrainer restored = CheckpointStore.restore(snapshot, withEma)) {
			assertThat(restored.servedGenerator()).isNotSameAs(restored.generator());
			assertThat(restored.generate(latents, 2)).containsExactly(expected);
		}
	}

	private static float[] forward(Block generator, float[] latents) {
		try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
			return generator
				.forward(new ParameterStore(manager, false),
						new NDList(manager.create(latents, CONFIG.network().latentShape(latents.length / 16))), false)
				.singletonOrThrow()
				.toFloatArray();
		}
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
