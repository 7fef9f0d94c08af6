package dev.ganforge.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsHealthIndicatorTests {

	@TempDir
	Path dir;

	@Test
	void upWithTheReadyCountAndEachFailedModelsReason() {
		ModelFixtures.writeModel(this.dir, "good", 1);
		ModelFixtures.setFormatVersion(ModelFixtures.writeModel(this.dir, "bad", 1), 99);
		ModelSettings settings = new ModelSettings(this.dir, null, Duration.ofSeconds(60));
		try (ModelRegistry registry = new ModelRegistry(settings)) {
			registry.start();

			Health health = new ModelsHealthIndicator(registry, settings).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("ready", 1L).containsEntry("default", "good");
			assertThat(health.getDetails().get("failed")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsOnlyKeys("bad");
		}
	}

	@Test
	void upWithNoModelsWhenTheDirectoryIsMissing() {
		ModelSettings settings = new ModelSettings(this.dir.resolve("absent"), null, Duration.ofSeconds(60));
		try (ModelRegistry registry = new ModelRegistry(settings)) {
			registry.start();

			Health health = new ModelsHealthIndicator(registry, settings).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("ready", 0L).doesNotContainKey("failed");
		}
	}

	@Test
	void downWhenTheModelsDirectoryCannotBeRead() throws Exception {
		Path notADirectory = Files.writeString(this.dir.resolve("models"), "oops");
		ModelSettings settings = new ModelSettings(notADirectory, null, Duration.ofSeconds(60));
		try (ModelRegistry registry = new ModelRegistry(settings)) {
			registry.start();

			Health health = new ModelsHealthIndicator(registry, settings).health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		}
	}

}
