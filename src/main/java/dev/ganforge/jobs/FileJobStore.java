package dev.ganforge.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.AtomicFiles;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job records as files, the embedded default: {@code <jobs dir>/<id>/job.json}, replaced
 * atomically, beside the job's artefacts ({@link JobFiles}). One node owns the directory.
 */
final class FileJobStore implements JobStore {

	private static final Logger log = LoggerFactory.getLogger(FileJobStore.class);

	private static final String RECORD = "job.json";

	private final JobFiles files;

	private final JsonMapper json;

	FileJobStore(JobFiles files, JsonMapper json) {
		this.files = files;
		this.json = json;
	}

	@Override
	public void create(Job job) {
		if (Files.exists(record(job.id()))) {
			throw new IllegalStateException("Job " + job.id() + " is on record already");
		}
		save(job);
	}

	@Override
	public List<StepStats> steps(String id, long afterStep) {
		return LossHistory.read(this.files.run(id).history(), afterStep);
	}

	@Override
	public List<Quality> evaluations(String id) {
		return this.files.run(id).evaluations();
	}

	@Override
	public boolean isAvailable() {
		return Files.isWritable(this.files.dir());
	}

	@Override
	public String problem() {
		return "The jobs directory " + this.files.dir() + " is not writable (ganforge.jobs.dir)";
	}

	private Path record(String id) {
		return this.files.jobDir(id).resolve(RECORD);
	}

	@Override
	public void save(Job job) {
		try {
			AtomicFiles.write(record(job.id()), this.json.writeValueAsBytes(job));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot save job " + job.id() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public List<Job> loadAll() {
		Path dir = this.files.dir();
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		List<Job> jobs = new ArrayList<>();
		try (Stream<Path> entries = Files.list(dir)) {
			for (Path entry : entries.sorted().toList()) {
				Path record = entry.resolve(RECORD);
				if (!JobFiles.isId(entry.getFileName().toString()) || !Files.isRegularFile(record)) {
					continue;
				}
				try {
					jobs.add(this.json.readValue(record.toFile(), Job.class));
				}
				catch (JacksonException ex) {
					log.error("Skipping unreadable job record {}: {}", record, ex.getOriginalMessage());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the jobs directory " + dir, ex);
		}
		return jobs;
	}

}
