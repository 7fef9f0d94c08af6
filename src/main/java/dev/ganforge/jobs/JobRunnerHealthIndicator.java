package dev.ganforge.jobs;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code jobRunner} health component (liveness): UP while jobs are accepted and the
 * jobs directory is writable, with the jobs in each status when the store can tell.
 */
@Component("jobRunner")
class JobRunnerHealthIndicator implements HealthIndicator {

	private final JobService jobs;

	JobRunnerHealthIndicator(JobService jobs) {
		this.jobs = jobs;
	}

	@Override
	public Health health() {
		Health.Builder health = this.jobs.isHealthy() ? Health.up()
				: Health.down().withDetail("error", "The job runner is stopped or its directory is not writable");
		try {
			Map<JobStatus, Long> counts = this.jobs.counts();
			health.withDetail("running", counts.get(JobStatus.RUNNING))
				.withDetail("queued", counts.get(JobStatus.QUEUED));
		}
		catch (JobStoreUnavailableException ex) {
			// The runner itself is alive: the database's health is jobStore's to say.
		}
		return health.withDetail("maxConcurrent", this.jobs.settings().maxConcurrent()).build();
	}

}
