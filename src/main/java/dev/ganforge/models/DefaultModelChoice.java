package dev.ganforge.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import dev.ganforge.checkpoint.AtomicFiles;

/**
 * Where the default model chosen at run time ({@code PUT /models/default}) is kept, so
 * that it survives a restart and every node serving the same models agrees on it: a file
 * in the models directory in the embedded mode ({@link #file}), the job database in
 * cluster mode.
 */
public interface DefaultModelChoice {

	/**
	 * The choice.
	 * @return the chosen model's name, or empty when none was chosen
	 * @throws RuntimeException if it cannot be read now (the registry keeps what it had)
	 */
	Optional<String> read();

	/**
	 * Makes or clears the choice.
	 * @param name a valid model name, or null to clear it
	 * @throws RuntimeException if it cannot be saved (nothing changed)
	 */
	void write(String name);

	/**
	 * Where the choice is kept, for logs.
	 * @return e.g. {@code .default in the models directory}
	 */
	String where();

	/**
	 * The embedded mode's choice: {@code <models dir>/.default}, hidden, so never taken
	 * for a model.
	 * @param modelsDir the models directory
	 * @return the choice
	 */
	static DefaultModelChoice file(Path modelsDir) {
		Path file = modelsDir.resolve(ModelRegistry.DEFAULT_FILE);
		return new DefaultModelChoice() {

			@Override
			public Optional<String> read() {
				try {
					return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
				}
				catch (NoSuchFileException ex) {
					return Optional.empty();
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot read the chosen default model from " + file, ex);
				}
			}

			@Override
			public void write(String name) {
				try {
					if (name == null) {
						Files.deleteIfExists(file);
					}
					else {
						AtomicFiles.write(file, (name + "\n").getBytes(StandardCharsets.UTF_8));
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot save the default model: " + ex.getMessage(), ex);
				}
			}

			@Override
			public String where() {
				return ModelRegistry.DEFAULT_FILE + " in the models directory";
			}

		};
	}

}
