package dev.ganforge.jobs;

/**
 * Where a job is in its life.
 */
public enum JobStatus {

	/** Waiting for a free training slot. */
	QUEUED,

	/** Its worker process is training. */
	RUNNING,

	/** Trained; the model is published. */
	SUCCEEDED,

	/** Stopped by an error; resumable from its last snapshot. */
	FAILED,

	/** Stopped by a user; resumable from the snapshot written when it stopped. */
	CANCELLED,

	/** Stopped because the service stopped; resumable. */
	INTERRUPTED;

	/**
	 * Whether the job is waiting or training.
	 * @return true for QUEUED and RUNNING
	 */
	public boolean isActive() {
		return this == QUEUED || this == RUNNING;
	}

	/**
	 * Whether {@code POST /jobs/{id}/resume} accepts the job.
	 * @return true for FAILED, CANCELLED and INTERRUPTED
	 */
	public boolean isResumable() {
		return this == FAILED || this == CANCELLED || this == INTERRUPTED;
	}

}
