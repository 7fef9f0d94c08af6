package dev.ganforge.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.nn.Latents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class ModelRegistryTests {

	@TempDir
	Path dir;

	private ModelRegistry registry;

	@AfterEach
	void close() {
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void loadsGoodModelsAndListsBrokenOnesAsFailedWithTheReason() {
		ModelFixtures.writeModel(this.dir, "alpha", 10);
		ModelFixtures.writeModel(this.dir, "beta", 20);
		Path flipped = ModelFixtures.writeModel(this.dir, "corrupt", 1);
		ModelFixtures.flipByte(flipped.resolve(CheckpointStore.GENERATOR), 100);
		Path truncated = ModelFixtures.writeModel(this.dir, "truncated", 1);
		ModelFixtures.truncate(truncated.resolve(CheckpointStore.GENERATOR));
		Path future = ModelFixtures.writeModel(this.dir, "future", 1);
		ModelFixtures.setFormatVersion(future, 99);

		start(null);

		assertThat(this.registry.list()).extracting(ModelStatus::name)
			.containsExactly("alpha", "beta", "corrupt", "future", "truncated");
		assertThat(this.registry.list()).extracting(ModelStatus::status)
			.containsExactly(ModelState.READY, ModelState.READY, ModelState.FAILED, ModelState.FAILED,
					ModelState.FAILED);
		ModelStatus alpha = this.registry.status("alpha").orElseThrow();
		assertThat(alpha.reason()).isNull();
		assertThat(alpha.step()).isEqualTo(10);
		assertThat(alpha.architecture()).isEqualTo("dcgan");
		assertThat(alpha.imageSize()).isEqualTo(16);
		assertThat(alpha.channels()).isEqualTo(1);
		assertThat(alpha.nz()).isEqualTo(16);
		assertThat(alpha.dataset()).isEqualTo("synthetic:64");
		assertThat(alpha.createdAt()).isNotNull();
		assertThat(this.registry.status("corrupt").orElseThrow().reason()).contains("corrupt")
			.contains(CheckpointStore.GENERATOR);
		assertThat(this.registry.status("truncated").orElseThrow().reason()).contains("corrupt");
		assertThat(this.registry.status("future").orElseThrow().reason()).contains("format version 99");
		// The reason is for clients: it names the model, not the server's directories.
		assertThat(this.registry.list()).extracting(ModelStatus::reason)
			.allSatisfy((reason) -> assertThat(String.valueOf(reason)).doesNotContain(this.dir.toString()));
		// A FAILED model whose manifest is readable still describes itself.
		assertThat(this.registry.status("corrupt").orElseThrow().step()).isEqualTo(1);
	}

	@Test
	void requireOfAFailedModelSaysWhy() {
		Path future = ModelFixtures.writeModel(this.dir, "future", 1);
		ModelFixtures.setFormatVersion(future, 99);
		start(null);

		assertThatExceptionOfType(ModelUnavailableException.class).isThrownBy(() -> this.registry.require("future"))
			.satisfies((ex) -> {
				assertThat(ex.model()).isEqualTo("future");
				assertThat(ex.reason()).contains("format version 99");
				assertThat(ex.getMessage()).contains("'future'").contains("format version 99");
			});
	}

	@Test
	void requireOfAnUnknownModelListsTheAvailableOnesAndQuotesTheNameSafely() {
		ModelFixtures.writeModel(this.dir, "alpha", 1);
		start(null);

		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.registry.require("nope"))
			.satisfies((ex) -> {
				assertThat(ex.requested()).isEqualTo("nope");
				assertThat(ex.available()).containsExactly("alpha");
				assertThat(ex.getMessage()).contains("'nope'").contains("Available: alpha");
			});
		String hostile = "../../etc/passwd\n\u0000<script>" + "x".repeat(5000);
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.registry.require(hostile))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).hasSizeLessThan(300).doesNotContain("\n").doesNotContain("\u0000");
				assertThat(ex.getMessage()).contains("…");
				assertThat(ex.requested()).hasSizeLessThan(100).doesNotContain("\n");
			});
	}

	@Test
	void requireOfTheDefaultWithNoModelsIsNotFound() {
		start(null);

		assertThat(this.registry.list()).isEmpty();
		assertThat(this.registry.defaultModelName()).isEmpty();
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.registry.require(null))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("No models are loaded"));
		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.registry.require("  "));
	}

	@Test
	void aMissingModelsDirectoryMeansNoModels() {
		this.registry = new ModelRegistry(new ModelSettings(this.dir.resolve("absent"), null, Duration.ofSeconds(5)));
		this.registry.start();

		assertThat(this.registry.list()).isEmpty();
		assertThat(this.registry.isRunning()).isTrue();
	}

	@Test
	void theDefaultIsTheFirstReadyModelByNameUnlessConfigured() {
		Path broken = ModelFixtures.writeModel(this.dir, "a-broken", 1);
		ModelFixtures.setFormatVersion(broken, 99);
		ModelFixtures.writeModel(this.dir, "b", 1);
		ModelFixtures.writeModel(this.dir, "c", 1);
		start(null);

		assertThat(this.registry.defaultModelName()).contains("b");
		assertThat(this.registry.require(null).name()).isEqualTo("b");
		assertThat(this.registry.list()).filteredOn(ModelStatus::isDefault)
			.extracting(ModelStatus::name)
			.containsExactly("b");

		this.registry.close();
		start("c");
		assertThat(this.registry.require("").name()).isEqualTo("c");
		assertThat(this.registry.status("c").orElseThrow().isDefault()).isTrue();
	}

	@Test
	void aDefaultChosenAtRunTimeOutranksTheConfiguredOneAndSurvivesARestart() throws Exception {
		ModelFixtures.writeModel(this.dir, "b", 1);
		ModelFixtures.writeModel(this.dir, "c", 1);
		ModelFixtures.writeModel(this.dir, "d", 1);
		start("c");

		assertThat(this.registry.chooseDefault("d")).contains("d");
		assertThat(this.registry.require(null).name()).isEqualTo("d");
		assertThat(this.registry.list()).filteredOn(ModelStatus::isDefault)
			.extracting(ModelStatus::name)
			.containsExactly("d");
		assertThat(Files.readString(this.dir.resolve(ModelRegistry.DEFAULT_FILE))).isEqualTo("d\n");

		this.registry.close();
		start("c");
		assertThat(this.registry.defaultModelName()).contains("d");
		assertThat(this.registry.list()).extracting(ModelStatus::name).containsExactly("b", "c", "d");

		assertThat(this.registry.chooseDefault(null)).as("forgetting the choice").contains("c");
		assertThat(this.dir.resolve(ModelRegistry.DEFAULT_FILE)).doesNotExist();
		this.registry.close();
		start(null);
		assertThat(this.registry.defaultModelName()).contains("b");
	}

	@Test
	void aChosenDefaultThatIsDeletedFallsBack() {
		ModelFixtures.writeModel(this.dir, "b", 1);
		ModelFixtures.writeModel(this.dir, "c", 1);
		start(null);
		this.registry.chooseDefault("c");

		this.registry.delete("c");

		assertThat(this.registry.defaultModelName()).contains("b");
	}

	@Test
	void chooseDefaultRefusesUnknownFailedAndInvalidModels() {
		ModelFixtures.writeModel(this.dir, "b", 1);
		Path broken = ModelFixtures.writeModel(this.dir, "broken", 1);
		ModelFixtures.setFormatVersion(broken, 99);
		start(null);

		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.registry.chooseDefault("zzz"));
		assertThatExceptionOfType(ModelUnavailableException.class)
			.isThrownBy(() -> this.registry.chooseDefault("broken"));
		assertThatExceptionOfType(InvalidModelNameException.class)
			.isThrownBy(() -> this.registry.chooseDefault("../b"));
		assertThat(this.registry.defaultModelName()).contains("b");
		assertThat(this.dir.resolve(ModelRegistry.DEFAULT_FILE)).doesNotExist();
	}

	@Test
	void anUnreadableChosenDefaultIsIgnored() throws Exception {
		ModelFixtures.writeModel(this.dir, "b", 1);
		Files.writeString(this.dir.resolve(ModelRegistry.DEFAULT_FILE), "../etc\n");
		start(null);

		assertThat(this.registry.defaultModelName()).contains("b");
	}

	@Test
	void aChoiceThatCannotBeReadNowKeepsTheOneReadBeforeAndOneThatCannotBeSavedChangesNothing() {
		ModelFixtures.writeModel(this.dir, "b", 1);
		ModelFixtures.writeModel(this.dir, "c", 1);
		// As the database of cluster mode: kept elsewhere, and sometimes away.
		java.util.concurrent.atomic.AtomicBoolean away = new java.util.concurrent.atomic.AtomicBoolean();
		java.util.concurrent.atomic.AtomicReference<String> kept = new java.util.concurrent.atomic.AtomicReference<>();
		DefaultModelChoice database = new DefaultModelChoice() {

			@Override
			public java.util.Optional<String> read() {
				if (away.get()) {
					throw new IllegalStateException("the database is away");
				}
				return java.util.Optional.ofNullable(kept.get());
			}

			@Override
			public void write(String name) {
				if (away.get()) {
					throw new IllegalStateException("the database is away");
				}
				kept.set(name);
			}

			@Override
			public String where() {
				return "a test database";
			}

		};
		this.registry = new ModelRegistry(new ModelSettings(this.dir, null, Duration.ofSeconds(60)), database);
		this.registry.start();
		kept.set("c");
		this.registry.reload();
		assertThat(this.registry.defaultModelName()).as("chosen on another node").contains("c");

		away.set(true);
		this.registry.reload();
		assertThat(this.registry.defaultModelName()).as("while the choice cannot be read").contains("c");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.registry.chooseDefault("b"));
		assertThat(this.registry.defaultModelName()).contains("c");
		assertThat(this.dir.resolve(ModelRegistry.DEFAULT_FILE)).as("never the file").doesNotExist();

		away.set(false);
		kept.set(null);
		this.registry.reload();
		assertThat(this.registry.defaultModelName()).as("cleared on another node").contains("b");
	}

	@Test
	void deletingTheDefaultArchivesItAndFallsBackToTheNextReadyModel() throws Exception {
		ModelFixtures.writeModel(this.dir, "b", 1);
		ModelFixtures.writeModel(this.dir, "c", 1);
		start("b");
		LoadedModel b = this.registry.require("b");

		this.registry.delete("b");

		assertThat(this.registry.status("b")).isEmpty();
		assertThat(this.registry.defaultModelName()).contains("c");
		assertThat(this.dir.resolve("b")).doesNotExist();
		try (Stream<Path> archived = Files.list(this.dir.resolve(ModelRegistry.ARCHIVE))) {
			assertThat(archived.map((p) -> p.getFileName().toString()).toList()).singleElement()
				.satisfies((name) -> assertThat(name).matches("b-\\d{8}T\\d{6}Z"));
		}
		assertThatIllegalStateException().isThrownBy(() -> b.generate(new float[16], 1));
		// The archive is hidden: a rescan does not bring the model back.
		this.registry.reload();
		assertThat(this.registry.list()).extracting(ModelStatus::name).containsExactly("c");
	}

	@Test
	void deleteRefusesUnknownAndInvalidNames() {
		ModelFixtures.writeModel(this.dir, "b", 1);
		start(null);

		assertThatExceptionOfType(ModelNotFoundException.class).isThrownBy(() -> this.registry.delete("zzz"));
		assertThatExceptionOfType(InvalidModelNameException.class).isThrownBy(() -> this.registry.delete("../b"))
			.withMessageContaining("'../b' is not a model name");
		assertThatExceptionOfType(InvalidModelNameException.class).isThrownBy(() -> this.registry.delete(".archive"));
		assertThat(this.dir.resolve("b")).isDirectory();
	}

	@Test
	void reloadPicksUpNewReplacedAndRemovedModels() {
		ModelFixtures.writeModel(this.dir, "alpha", 1);
		ModelFixtures.writeModel(this.dir, "gone", 1);
		start(null);
		LoadedModel first = this.registry.require("alpha");

		ModelFixtures.writeModel(this.dir, "fresh", 1);
		ModelFixtures.writeModel(this.dir, "alpha", 2);
		ModelFixtures.deleteTree(this.dir.resolve("gone"));
		this.registry.reload();

		assertThat(this.registry.list()).extracting(ModelStatus::name).containsExactly("alpha", "fresh");
		assertThat(this.registry.status("alpha").orElseThrow().step()).isEqualTo(2);
		LoadedModel second = this.registry.require("alpha");
		assertThat(second).isNotSameAs(first);
		assertThat(second.manifest().step()).isEqualTo(2);
		assertThatIllegalStateException().isThrownBy(() -> first.generate(new float[16], 1));
		assertThat(this.registry.status("gone")).isEmpty();

		// An unchanged directory is not reloaded.
		this.registry.reload();
		assertThat(this.registry.require("alpha")).isSameAs(second);
	}

	@Test
	void aModelReplacedByABrokenCheckpointBecomesFailedAndAFixedOneReady() {
		ModelFixtures.writeModel(this.dir, "alpha", 1);
		start(null);

		ModelFixtures.flipByte(this.dir.resolve("alpha").resolve(CheckpointStore.GENERATOR), 50);
		this.registry.reload();
		assertThat(this.registry.status("alpha").orElseThrow().status()).isEqualTo(ModelState.FAILED);

		ModelFixtures.writeModel(this.dir, "alpha", 3);
		this.registry.reload();
		assertThat(this.registry.status("alpha").orElseThrow().status()).isEqualTo(ModelState.READY);
		assertThat(this.registry.require("alpha").manifest().step()).isEqualTo(3);
	}

	@Test
	void thePollerFindsModelsWithoutBeingAsked() {
		this.registry = new ModelRegistry(new ModelSettings(this.dir, null, Duration.ofMillis(100)));
		this.registry.start();

		ModelFixtures.writeModel(this.dir, "late", 7);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.registry.status("late"))
				.hasValueSatisfying((status) -> assertThat(status.status()).isEqualTo(ModelState.READY)));
		this.registry.stop();
		assertThat(this.registry.isRunning()).isFalse();
	}

	@Test
	void hiddenAndInvalidlyNamedDirectoriesAreNotServed() throws Exception {
		ModelFixtures.writeModel(this.dir, "alpha", 1);
		ModelFixtures.writeModel(this.dir, "has space", 1);
		Files.createDirectories(this.dir.resolve(".hidden"));
		Files.copy(this.dir.resolve("alpha").resolve(CheckpointStore.MANIFEST),
				this.dir.resolve(".hidden").resolve(CheckpointStore.MANIFEST));
		Files.createDirectories(this.dir.resolve("not-a-model"));
		start(null);

		assertThat(this.registry.list()).extracting(ModelStatus::name).containsExactly("alpha");
	}

	@Test
	void aLoadedModelGeneratesImagesInRange() {
		ModelFixtures.writeModel(this.dir, "alpha", 1);
		start(null);
		LoadedModel model = this.registry.require("alpha");
		int count = 3;

		float[] images = model.generate(Latents.gaussianBatch(42, count, model.spec().nz()), count);

		assertThat(model.name()).isEqualTo("alpha");
		assertThat(images).hasSize(count * 1 * 16 * 16);
		for (float value : images) {
			assertThat(value).isBetween(-1f, 1f);
		}
	}

	private void start(String defaultModel) {
		this.registry = new ModelRegistry(new ModelSettings(this.dir, defaultModel, Duration.ofSeconds(60)));
		this.registry.start();
	}

}
