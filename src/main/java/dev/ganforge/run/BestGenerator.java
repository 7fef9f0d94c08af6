package dev.ganforge.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.CheckpointException;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.GanTrainer;

/**
 * The best generator of a run by FD, kept in {@code <run>/best/} as a servable model
 * directory whose manifest holds its metrics (as StudioGAN keeps "best" next to
 * "current"): GAN quality often peaks and then degrades, so the last step is not always
 * the one to serve. It survives rollbacks and resumes, since it is a generator that was
 * measured; a run started afresh in the same directory starts it afresh.
 */
final class BestGenerator {

	private final Path dir;

	private double fd;

	private BestGenerator(Path dir, double fd) {
		this.dir = dir;
		this.fd = fd;
	}

	/**
	 * The best generator so far.
	 * @param dir {@link RunDirectory#best()}
	 * @param completedSteps the steps the run starts from; 0 discards a previous best
	 * @return it, with the FD to beat (infinite when there is none)
	 */
	static BestGenerator open(Path dir, long completedSteps) {
		try {
			if (completedSteps == 0 && Files.exists(dir)) {
				try (Stream<Path> tree = Files.walk(dir)) {
					for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
						Files.delete(p);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot discard the previous best generator in " + dir, ex);
		}
		double fd = Double.POSITIVE_INFINITY;
		if (Files.isRegularFile(dir.resolve(CheckpointStore.MANIFEST))) {
			try {
				Map<String, Object> metrics = CheckpointStore.readManifest(dir).metrics();
				if (metrics != null && metrics.get("fd") instanceof Number n) {
					fd = n.doubleValue();
				}
			}
			catch (CheckpointException ex) {
				// An unreadable best is replaced by the next evaluation.
			}
		}
		return new BestGenerator(dir, fd);
	}

	boolean isBeatenBy(Quality quality) {
		return Double.isFinite(quality.fd()) && quality.fd() < this.fd;
	}

	/**
	 * Replaces the best generator, atomically: readers see the old one or the new one.
	 * @param manifest its manifest, metrics included
	 * @param trainer the trainer whose served generator it is
	 * @param samplesPng its fixed-noise sample grid
	 * @param quality its evaluation
	 */
	void write(Manifest manifest, GanTrainer trainer, byte[] samplesPng, Quality quality) {
		CheckpointStore.writeModel(this.dir, manifest, trainer, samplesPng);
		this.fd = quality.fd();
	}

	boolean exists() {
		return Files.isRegularFile(this.dir.resolve(CheckpointStore.MANIFEST));
	}

	Path dir() {
		return this.dir;
	}

}
