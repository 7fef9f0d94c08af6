package dev.ganforge.jobs;

import dev.ganforge.models.DefaultModelChoice;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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

	/**
	 * Cluster mode keeps the default model chosen at run time in the database; the
	 * embedded mode has no such bean, and the registry keeps it in the models directory.
	 */
	@Bean
	@ConditionalOnProperty(name = "ganforge.store", havingValue = "postgres")
	DefaultModelChoice defaultModelChoice(JobStore store) {
		return new PostgresDefaultModel((PostgresJobStore) store);
	}

}
