package dev.ganforge.jobs;

import java.util.List;

/**
 * Where the records of jobs live: {@link FileJobStore files} beside their runs (the
 * embedded default, one node), or {@link PostgresJobStore PostgreSQL} (cluster mode,
 * {@code ganforge.store=postgres}). A job's artefacts (run directory, worker log) are
 * files in both ({@link JobFiles}), on storage every node mounts.
 *
 * <p>
 * A write that fails throws: {@link java.io.UncheckedIOException} when the disk refuses
 * it, {@link JobStoreUnavailableException} when the database cannot be reached.
 */
interface JobStore {

	/**
	 * Records a new job.
	 * @param job the job, QUEUED
	 * @throws IllegalStateException if a job with its id is on record
	 */
	void create(Job job);

	/**
	 * Replaces a job's record with its latest state.
	 * @param job the job
	 */
	void save(Job job);

	/**
	 * Every job on record; one that cannot be read is logged and skipped, so that one bad
	 * record cannot stop the service.
	 * @return the jobs, in id order
	 */
	List<Job> loadAll();

	/**
	 * Whether writes are taken now, for the health of the job runner.
	 * @return true when a write would be tried
	 */
	boolean isAvailable();

	/**
	 * Why the store is not available, for its health.
	 * @return the reason, for operators
	 */
	String problem();

}
