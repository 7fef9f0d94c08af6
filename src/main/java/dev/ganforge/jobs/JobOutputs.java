package dev.ganforge.jobs;

import java.nio.file.Path;
import java.util.List;

import dev.ganforge.evaluation.Quality;
import dev.ganforge.run.RunDirectory;
import dev.ganforge.training.StepStats;

/**
 * What jobs produced, for reading: their loss histories and evaluations (from the job
 * store: the run directory's files in the embedded mode, the journal in cluster mode),
 * sample grids and worker logs (files on the storage every node mounts).
 */
final class JobOutputs {

	private final JobRecords records;

	JobOutputs(JobRecords records) {
		this.records = records;
	}

	/**
	 * A job's loss history.
	 * @param id the job
	 * @param afterStep only the steps after this one
	 * @return the rows, by step
	 * @throws JobNotFoundException if there is no such job
	 */
	List<StepStats> steps(String id, long afterStep) {
		return this.records.store().steps(this.records.get(id).id(), afterStep);
	}

	/**
	 * A job's evaluations, oldest first.
	 * @throws JobNotFoundException if there is no such job
	 */
	List<Quality> evaluations(String id) {
		return this.records.store().evaluations(this.records.get(id).id());
	}

	/**
	 * A job's run directory, as its worker writes it: its sample grids among the rest.
	 * @throws JobNotFoundException if there is no such job
	 */
	RunDirectory run(String id) {
		return this.records.files().run(this.records.get(id).id());
	}

	/**
	 * What the job's worker processes printed besides progress.
	 * @throws JobNotFoundException if there is no such job
	 */
	Path workerLog(String id) {
		return this.records.files().workerLog(this.records.get(id).id());
	}

}
