package dev.ganforge.jobs;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The request does not fit the job's state or the models there are: 409. Kinds
 * {@code job-state} (cancelling a finished job, resuming a running one) and
 * {@code model-exists} (the model name is taken by a model or by another active job).
 */
class JobConflictException extends ErrorResponseException {

	JobConflictException(String kind, String title, String detail) {
		super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, kind, title, detail), null);
	}

	static JobConflictException state(Job job, String action, String allowed) {
		return new JobConflictException("job-state", "Not possible in this job state",
				"Job " + job.id() + " is " + job.status() + "; " + action + " needs a job that is " + allowed + ".");
	}

	static JobConflictException modelExists(String name, String holder) {
		return new JobConflictException("model-exists", "Model name taken", "The model name '" + name + "' is taken by "
				+ holder + "; choose another modelName, or delete the model first.");
	}

}
