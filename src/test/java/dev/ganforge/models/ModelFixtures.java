package dev.ganforge.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.TrainingConfig;

/**
 * Small real checkpoints for registry tests: an untrained 16x16 DCGAN generator.
 */
final class ModelFixtures {

	static final TrainingConfig CONFIG = new TrainingConfig(new NetworkSpec(Architecture.DCGAN, 16, 1, 16, 8, 8),
			"synthetic:64", 0, 10, 16, 2e-4f, 2e-4f, 0.5f, 0.999f, 3L, GanLoss.NON_SATURATING, 0, 0);

	private ModelFixtures() {
	}

	static Path writeModel(Path modelsDir, String name, long step) {
		Path dir = modelsDir.resolve(name);
		try (GanTrainer trainer = new GanTrainer(CONFIG)) {
			CheckpointStore.writeModel(dir,
					Manifest.of(name, CONFIG, step, null, new Manifest.Provenance("test", "test", 0)),
					trainer.generator(), null);
		}
		return dir;
	}

	static void flipByte(Path file, int offset) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			bytes[offset] ^= 0x5a;
			Files.write(file, bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void truncate(Path file) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void setFormatVersion(Path modelDir, int version) {
		Path manifest = modelDir.resolve(CheckpointStore.MANIFEST);
		try {
			String json = Files.readString(manifest);
			String changed = json.replaceFirst("\"formatVersion\"\\s*:\\s*\\d+", "\"formatVersion\" : " + version);
			if (changed.equals(json)) {
				throw new IllegalStateException("No formatVersion in " + manifest);
			}
			Files.writeString(manifest, changed);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void deleteTree(Path root) {
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
