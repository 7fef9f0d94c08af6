package dev.ganforge.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The loaded models (temporary stand-in for parallel development): every subdirectory of
 * {@code ganforge.models.dir}; the default model is the first by name.
 */
@Component
public class ModelRegistry {

	private final Path dir;

	private volatile Map<String, LoadedModel> models = Map.of();

	ModelRegistry(@Value("${ganforge.models.dir:models}") Path dir) {
		this.dir = dir;
		reload();
	}

	/**
	 * A loaded model.
	 * @param nameOrNull the name, or null or blank for the default model
	 * @return the model
	 */
	public LoadedModel require(String nameOrNull) {
		Map<String, LoadedModel> current = this.models;
		if (nameOrNull == null || nameOrNull.isBlank()) {
			return current.values().stream().findFirst().orElseThrow(() -> new ModelNotFoundException(null));
		}
		LoadedModel model = current.get(nameOrNull);
		if (model == null) {
			throw new ModelNotFoundException(nameOrNull);
		}
		return model;
	}

	/** Loads the models directory again. */
	public synchronized void reload() {
		Map<String, LoadedModel> loaded = new TreeMap<>();
		if (Files.isDirectory(this.dir)) {
			try (Stream<Path> entries = Files.list(this.dir)) {
				entries.filter(Files::isDirectory)
					.filter((entry) -> !entry.getFileName().toString().startsWith("."))
					.forEach((entry) -> loaded.put(entry.getFileName().toString(), LoadedModel.load(entry)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		Map<String, LoadedModel> old = this.models;
		this.models = loaded;
		old.values().forEach(LoadedModel::close);
	}

	@PreDestroy
	void close() {
		this.models.values().forEach(LoadedModel::close);
	}

}
