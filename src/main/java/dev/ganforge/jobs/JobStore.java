package dev.ganforge.jobs;

import java.util.List;

import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;

/**
 * Where the records of jobs live: {@link FileJobStore files} beside their runs (the
 * embedded default, one node), or {@link PostgresJobStore PostgreSQL} (cluster mode,
 * {@code ganforge.store=postgres}). A job's artefacts (run directory, worker log) are
 * files in both ({@link JobFiles}), on storage every node mounts. A job's losses and
 * evaluations are its run directory's files in the embedded mode, and the journal's rows
 * in PostgreSQL.
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
	 * A job's loss history: a row per step, as its worker reported them.
	 * @param id the job, which is on record
	 * @param afterStep only the steps after this one
	 * @return the rows, by step; empty before the first step
	 */
	List<StepStats> steps(String id, long afterStep);

	/**
	 * A job's evaluations.
	 * @param id the job, which is on record
	 * @return them, oldest first; empty when it does not evaluate or has not yet
	 */
	List<Quality> evaluations(String id);

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
