package dev.ganforge.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.ganforge.run.RunDirectory;

import org.springframework.util.FileSystemUtils;

/**
 * The jobs directory, where each job's artefacts are whatever store holds its record:
 * {@code
 *
<dir>
 * /<id>/run/} (the worker's {@link RunDirectory}) and {@code worker.log}; in the embedded
 * mode also the record, {@code job.json} ({@link FileJobStore}).
 */
final class JobFiles {

	/**
	 * Ids are made by {@link JobRecords}; only ids of this form are resolved into paths.
	 */
	static final Pattern ID = Pattern.compile("[0-9a-z]{8}-[0-9a-f]{6}");

	private final Path dir;

	JobFiles(Path dir) {
		this.dir = dir.toAbsolutePath().normalize();
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

	RunDirectory run(String id) {
		return RunDirectory.of(jobDir(id).resolve("run"));
	}

	Path workerLog(String id) {
		return jobDir(id).resolve("worker.log");
	}

	/**
	 * The directories and log a new job needs, all or nothing.
	 * @param id the new job's id
	 * @throws UncheckedIOException if the directory refuses a write; what was made is
	 * removed again
	 */
	void prepare(String id) {
		try {
			Files.createDirectories(run(id).dir());
			Files.createFile(workerLog(id));
		}
		catch (IOException ex) {
			UncheckedIOException failure = new UncheckedIOException("Cannot create job " + id + ": " + ex.getMessage(),
					ex);
			remove(id, failure);
			throw failure;
		}
	}

	/**
	 * Removes what {@link #prepare} made, for a job that could not be recorded.
	 * @param id the job's id
	 * @param cause why, which keeps a failure to remove as suppressed
	 */
	void remove(String id, RuntimeException cause) {
		try {
			FileSystemUtils.deleteRecursively(jobDir(id));
		}
		catch (IOException cleanup) {
			cause.addSuppressed(cleanup);
		}
	}

}
