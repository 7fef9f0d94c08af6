package dev.ganforge.jobs;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code jobStore} health component (readiness): UP while the store of job records
 * takes writes. In cluster mode a node whose database is down is not ready, but alive: it
 * retries, and its running trainings go on.
 */
@Component("jobStoreHealthIndicator")
class JobStoreHealthIndicator implements HealthIndicator {

	private final JobStore store;

	JobStoreHealthIndicator(JobStore store) {
		this.store = store;
	}

	@Override
	public Health health() {
		Health.Builder health = this.store.isAvailable() ? Health.up()
				: Health.down().withDetail("error", this.store.problem());
		return health.withDetail("store", (this.store instanceof SharedJobStore) ? "postgres" : "files").build();
	}

}
