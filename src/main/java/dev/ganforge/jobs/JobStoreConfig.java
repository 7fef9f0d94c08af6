package dev.ganforge.jobs;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job store {@code ganforge.store} names.
 */
@Configuration(proxyBeanMethods = false)
class JobStoreConfig {

	/** In cluster mode the store owns its connection pool and is closed with it. */
	@Bean
	JobStore jobStore(StoreSettings store, JobSettings jobs, DatabaseSettings database, JsonMapper json) {
		return switch (store.store()) {
			case FILES -> new FileJobStore(new JobFiles(jobs.dir()), json);
			case POSTGRES -> PostgresJobStore.open(database, json);
		};
	}

}
