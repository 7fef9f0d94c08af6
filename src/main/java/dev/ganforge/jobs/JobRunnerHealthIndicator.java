package dev.ganforge.jobs;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code jobRunner} health component: UP while jobs are accepted and the jobs
 * directory is writable, with the jobs in each status.
 */
@Component("jobRunner")
class JobRunnerHealthIndicator implements HealthIndicator {

	private final JobService jobs;

	JobRunnerHealthIndicator(JobService jobs) {
		this.jobs = jobs;
	}

	@Override
	public Health health() {
		Map<JobStatus, Long> counts = this.jobs.counts();
		Health.Builder health = this.jobs.isHealthy() ? Health.up()
				: Health.down().withDetail("error", "The job runner is stopped or its directory is not writable");
		return health.withDetail("running", counts.get(JobStatus.RUNNING))
			.withDetail("queued", counts.get(JobStatus.QUEUED))
			.withDetail("maxConcurrent", this.jobs.settings().maxConcurrent())
			.build();
	}

}
