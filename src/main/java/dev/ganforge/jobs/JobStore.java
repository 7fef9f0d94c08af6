package dev.ganforge.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.ganforge.checkpoint.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

/**
 * The jobs directory: {@code
 *
<dir>
 * /<id>/job.json} (the record, replaced atomically), {@code run/} (the worker's history,
 * samples and snapshots) and {@code worker.log}.
 */
class JobStore {

	/** Ids are made here; only ids of this form are ever resolved into paths. */
	static final Pattern ID = Pattern.compile("[0-9a-z]{8}-[0-9a-f]{6}");

	private static final Logger log = LoggerFactory.getLogger(JobStore.class);

	private static final String RECORD = "job.json";

	private final Path dir;

	private final JsonMapper json;

	JobStore(Path dir, JsonMapper json) {
		this.dir = dir.toAbsolutePath().normalize();
		this.json = json;
	}

	static boolean isId(String id) {
		return id != null && ID.matcher(id).matches();
	}

	Path dir() {
		return this.dir;
	}

	Path jobDir(String id) {
		if (!isId(id)) {
			throw new IllegalArgumentException("Not a job id: " + id);
		}
		return this.dir.resolve(id);
	}

	Path runDir(String id) {
		return jobDir(id).resolve("run");
	}

	Path workerLog(String id) {
		return jobDir(id).resolve("worker.log");
	}

	/**
	 * Everything a new job needs on disk before it may be queued: its directory, its run
	 * directory, its worker log and its record. All or nothing: if any write fails, what
	 * was made is removed again.
	 * @param job the new job
	 * @throws UncheckedIOException if the directory refuses a write
	 */
	void create(Job job) {
		Path jobDir = jobDir(job.id());
		try {
			Files.createDirectories(runDir(job.id()));
			Files.createFile(workerLog(job.id()));
			save(job);
		}
		catch (IOException | UncheckedIOException ex) {
			try {
				FileSystemUtils.deleteRecursively(jobDir);
			}
			catch (IOException cleanup) {
				ex.addSuppressed(cleanup);
			}
			throw (ex instanceof UncheckedIOException unchecked) ? unchecked : new UncheckedIOException(
					"Cannot create job " + job.id() + ": " + ex.getMessage(), (IOException) ex);
		}
	}

	void save(Job job) {
		try {
			AtomicFiles.write(jobDir(job.id()).resolve(RECORD), this.json.writeValueAsBytes(job));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot save job " + job.id() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Every job on disk. A record that cannot be read is logged and skipped: one bad file
	 * must not stop the service.
	 */
	List<Job> loadAll() {
		if (!Files.isDirectory(this.dir)) {
			return List.of();
		}
		List<Job> jobs = new ArrayList<>();
		try (Stream<Path> entries = Files.list(this.dir)) {
			for (Path entry : entries.sorted().toList()) {
				Path record = entry.resolve(RECORD);
				if (!isId(entry.getFileName().toString()) || !Files.isRegularFile(record)) {
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
			throw new UncheckedIOException("Cannot list the jobs directory " + this.dir, ex);
		}
		return jobs;
	}

}
