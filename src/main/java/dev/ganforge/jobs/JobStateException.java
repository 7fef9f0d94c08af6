package dev.ganforge.jobs;

/**
 * The action does not fit the job's state: cancelling a finished job, resuming a running
 * one. Over HTTP: 409 {@code job-state}.
 */
public class JobStateException extends RuntimeException {

	JobStateException(Job job, String action, String allowed) {
		super("Job " + job.id() + " is " + job.status() + "; " + action + " needs a job that is " + allowed + ".");
	}

}
