package dev.ganforge.observability;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ganforge.jobs.Job;
import dev.ganforge.jobs.JobService;
import dev.ganforge.jobs.JobStatus;
import dev.ganforge.training.StepStats;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/training}: the training jobs at a glance, for operators.
 */
@Component
@Endpoint(id = "training")
class TrainingEndpoint {

	private final JobService jobs;

	TrainingEndpoint(JobService jobs) {
		this.jobs = jobs;
	}

	@ReadOperation
	Summary summary() {
		List<Active> active = this.jobs.list(null)
			.stream()
			.filter((job) -> job.status().isActive())
			.map(Active::of)
			.toList();
		return new Summary(this.jobs.counts(), this.jobs.isHealthy(), active);
	}

	/**
	 * The summary.
	 *
	 * @param counts jobs in each status
	 * @param runnerUp whether the job runner accepts jobs
	 * @param active the queued and running jobs, newest first
	 */
	record Summary(Map<JobStatus, Long> counts, boolean runnerUp, List<Active> active) {
	}

	/**
	 * A queued or running job.
	 *
	 * @param id its id
	 * @param status QUEUED or RUNNING
	 * @param model the model it will publish
	 * @param startedAt when it started, or null
	 * @param step steps done
	 * @param totalSteps steps in all
	 * @param etaSeconds estimated seconds left, or null
	 * @param imagesPerSecond recent speed
	 * @param latest the last step's losses and D outputs, or null
	 * @param quality the latest and best evaluation (step, FD, KID), or null when the job
	 * does not evaluate or has not yet
	 */
	record Active(String id, JobStatus status, String model, Instant startedAt, long step, long totalSteps,
			Double etaSeconds, double imagesPerSecond, StepStats latest, Job.Quality quality) {

		static Active of(Job job) {
			return new Active(job.id(), job.status(), job.request().modelName(), job.startedAt(), job.progress().step(),
					job.progress().totalSteps(), job.progress().etaSeconds(), job.progress().imagesPerSecond(),
					job.latest(), job.quality());
		}

	}

}
