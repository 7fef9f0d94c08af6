package dev.ganforge.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;

/**
 * The layout of a run directory, owned here for the run that writes it and the service
 * that reads it:
 *
 * <pre>
 * config.json                   what the run trains ({@link RunConfig}; jobs only)
 * history.csv                   one row per step ({@link StepStats#CSV_HEADER})
 * evaluations.csv               one row per evaluation ({@link Quality#CSV_HEADER})
 * samples/step-000000200.png    fixed-noise sample grids
 * snapshots/                    resumable snapshots ({@link CheckpointStore})
 * best/                         the best generator by FD, a servable model
 * </pre>
 */
public final class RunDirectory {

	private static final Pattern SAMPLE = Pattern.compile("step-(\\d{9})\\.png");

	private final Path dir;

	private RunDirectory(Path dir) {
		this.dir = dir;
	}

	/**
	 * A run directory, which need not exist yet.
	 * @param dir its path
	 * @return the run directory
	 */
	public static RunDirectory of(Path dir) {
		return new RunDirectory(dir);
	}

	public Path dir() {
		return this.dir;
	}

	/** The run's configuration, as a job's worker reads it. */
	public Path config() {
		return this.dir.resolve("config.json");
	}

	/** The loss history: {@code step,epoch,lossD,...} rows. */
	public Path history() {
		return this.dir.resolve("history.csv");
	}

	/** The best generator by FD, a servable model directory. */
	public Path best() {
		return this.dir.resolve("best");
	}

	private Path evaluationsFile() {
		return this.dir.resolve("evaluations.csv");
	}

	private Path samples() {
		return this.dir.resolve("samples");
	}

	/**
	 * The run's evaluations, oldest first.
	 * @return them; empty when it does not evaluate or has not yet
	 */
	public List<Quality> evaluations() {
		Path file = evaluationsFile();
		if (!Files.isRegularFile(file)) {
			return List.of();
		}
		try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
			return lines.skip(1).filter((line) -> !line.isBlank()).map(Quality::parseCsvRow).toList();
		}
		catch (IOException | UncheckedIOException ex) {
			throw new UncheckedIOException("Cannot read the evaluations of run " + this.dir.getFileName(),
					(ex instanceof IOException io) ? io : ((UncheckedIOException) ex).getCause());
		}
	}

	/**
	 * The latest evaluation.
	 * @return it, or empty
	 */
	public Optional<Quality> lastEvaluation() {
		List<Quality> all = evaluations();
		return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
	}

	/**
	 * The steps at which sample grids were written.
	 * @return them, oldest first
	 */
	public List<Long> sampleSteps() {
		if (!Files.isDirectory(samples())) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(samples())) {
			return files.map((file) -> SAMPLE.matcher(file.getFileName().toString()))
				.filter(Matcher::matches)
				.map((match) -> Long.parseLong(match.group(1)))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the samples of run " + this.dir.getFileName(), ex);
		}
	}

	/**
	 * A sample grid.
	 * @param step the step it was written at
	 * @return its file, or empty when there is none
	 */
	public Optional<Path> sample(long step) {
		Path file = sampleFile(step);
		return (step >= 0 && Files.isRegularFile(file)) ? Optional.of(file) : Optional.empty();
	}

	/**
	 * The step of the latest snapshot, where a resume continues.
	 * @return it, or empty when the run has none
	 */
	public Optional<Long> latestSnapshotStep() {
		return CheckpointStore.latestSnapshot(this.dir)
			.map((snapshot) -> CheckpointStore.readManifest(snapshot).step());
	}

	/**
	 * The training seconds up to the latest snapshot, which a resumed run continues.
	 * @return them, 0 without a snapshot
	 */
	double previousTrainingSeconds() {
		return CheckpointStore.latestSnapshot(this.dir)
			.map(CheckpointStore::readManifest)
			.map((m) -> (m.provenance() != null) ? m.provenance().trainingSeconds() : 0.0)
			.orElse(0.0);
	}

	/**
	 * Makes the directory ready for a run that starts after a step.
	 * @param completedSteps the steps it starts from
	 */
	void prepare(long completedSteps) {
		try {
			Files.createDirectories(samples());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare run directory " + this.dir, ex);
		}
		truncate(completedSteps);
	}

	/**
	 * Drops the history and the evaluations after a step: a resumed or rolled-back run
	 * continues them from its snapshot.
	 * @param completedSteps the last step kept
	 */
	void truncate(long completedSteps) {
		if (Files.exists(evaluationsFile())) {
			List<String> kept = new ArrayList<>(List.of(Quality.CSV_HEADER));
			evaluations().stream()
				.filter((q) -> q.step() <= completedSteps)
				.forEach((q) -> kept.add(q.toCsvRow().stripTrailing()));
			rewrite(evaluationsFile(), kept);
		}
		List<String> kept = new ArrayList<>(List.of(StepStats.CSV_HEADER));
		if (Files.exists(history())) {
			try (Stream<String> lines = Files.lines(history(), StandardCharsets.UTF_8)) {
				lines.skip(1)
					.filter((line) -> Long.parseLong(line.substring(0, line.indexOf(','))) <= completedSteps)
					.forEach(kept::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + history(), ex);
			}
		}
		rewrite(history(), kept);
	}

	void append(StepStats stats) {
		append(history(), stats.toCsvRow());
	}

	void append(Quality quality) {
		if (!Files.exists(evaluationsFile())) {
			append(evaluationsFile(), Quality.CSV_HEADER + "\n");
		}
		append(evaluationsFile(), quality.toCsvRow());
	}

	Path writeSamples(long step, byte[] png) {
		Path file = sampleFile(step);
		try {
			Files.write(file, png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
		return file;
	}

	private Path sampleFile(long step) {
		return samples().resolve(String.format(Locale.ROOT, "step-%09d.png", step));
	}

	private static void rewrite(Path file, List<String> lines) {
		try {
			Files.write(file, lines, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot rewrite " + file, ex);
		}
	}

	private static void append(Path file, String text) {
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot append to " + file, ex);
		}
	}

}
