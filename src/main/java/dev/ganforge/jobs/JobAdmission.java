package dev.ganforge.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import dev.ganforge.checkpoint.DiskSpace;
import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DatasetNotFoundException;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.evaluation.Evaluator;
import dev.ganforge.evaluation.NoFeatureExtractorException;
import dev.ganforge.models.ModelNames;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.run.RunConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a job must pass before it is queued or resumed: data it can train on, model names
 * nobody else has or will publish, and disk space for its snapshots and model. Each
 * refusal names the request's field or the setting at fault.
 */
final class JobAdmission {

	private static final Logger log = LoggerFactory.getLogger(JobAdmission.class);

	private final JobRecords records;

	private final ModelRegistry registry;

	private final Path modelsDir;

	private final DataRoots roots;

	private final Evaluator evaluator;

	private final long minFreeDisk;

	JobAdmission(JobRecords records, ModelRegistry registry, Path modelsDir, DataRoots roots, Evaluator evaluator,
			long minFreeDisk) {
		this.records = records;
		this.registry = registry;
		this.modelsDir = modelsDir;
		this.roots = roots;
		this.evaluator = evaluator;
		this.minFreeDisk = minFreeDisk;
	}

	/**
	 * Refuses now what the worker would fail on: a missing dataset, a conditional job on
	 * unlabelled data, evaluations without a feature extractor.
	 */
	void requireTrainable(RunConfig config) {
		DatasetSpec dataset = DatasetSpec.parse(config.training().dataset());
		try {
			Datasets.requireAvailable(dataset, this.roots);
		}
		catch (IllegalArgumentException | DatasetNotFoundException ex) {
			throw new InvalidJobException("dataset", ex.getMessage());
		}
		if (config.conditional()) {
			try {
				Datasets.requireLabelled(dataset, this.roots);
			}
			catch (IllegalArgumentException | DatasetNotFoundException ex) {
				throw new InvalidJobException("conditional", ex.getMessage());
			}
		}
		if (config.evaluation().every() > 0) {
			try {
				this.evaluator.requireExtractor(dataset);
			}
			catch (NoFeatureExtractorException ex) {
				throw new InvalidJobException("evaluateEvery", ex.getMessage());
			}
		}
	}

	/**
	 * The model names a job publishes: its model, and with evaluations its best one.
	 */
	private static Set<String> publishedNames(JobRequest request) {
		return (request.evaluateEvery() > 0) ? Set.of(request.modelName(), ModelNames.bestName(request.modelName()))
				: Set.of(request.modelName());
	}

	void requireModelNamesFree(JobRequest request, String resumingJob) {
		Set<String> names = publishedNames(request);
		for (String name : names) {
			if (this.registry.status(name).isPresent() || Files.exists(this.modelsDir.resolve(name))) {
				throw new ModelNameTakenException(name, "an existing model");
			}
		}
		for (Job other : this.records.list(null)) {
			if (other.status().isActive() && !other.id().equals(resumingJob)) {
				for (String name : publishedNames(other.request())) {
					if (names.contains(name)) {
						throw new ModelNameTakenException(name, "job " + other.id());
					}
				}
			}
		}
	}

	/**
	 * Refuses a job that could not write its snapshots and model: both the jobs and the
	 * models directory need {@code min-free-disk} free.
	 */
	void requireFreeDisk() {
		long needed = this.minFreeDisk;
		if (needed <= 0) {
			return;
		}
		checkFree(this.records.files().dir(), "jobs", needed);
		checkFree(this.modelsDir, "models", needed);
	}

	private static void checkFree(Path dir, String which, long needed) {
		long free;
		try {
			free = DiskSpace.usable(dir);
		}
		catch (IOException ex) {
			log.warn("Cannot tell the free disk space of the {} directory {}: {}", which, dir, ex.getMessage());
			throw new InsufficientStorageException("The free disk space of the " + which
					+ " directory cannot be determined, so no job is started; the operator should check it.");
		}
		if (free < needed) {
			log.warn("Job refused: {} free in the {} directory {}, ganforge.jobs.min-free-disk is {}",
					DiskSpace.megabytes(free), which, dir, DiskSpace.megabytes(needed));
			throw new InsufficientStorageException("Only " + DiskSpace.megabytes(free)
					+ " of disk space are free for the " + which + " directory, and a job needs at least "
					+ DiskSpace.megabytes(needed)
					+ " (ganforge.jobs.min-free-disk) for its snapshots and model; nothing was queued. Free some space"
					+ " (e.g. delete unused models) and submit again.");
		}
	}

}
