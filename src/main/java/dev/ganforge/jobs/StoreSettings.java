package dev.ganforge.jobs;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where job records live, bound from {@code ganforge.store}.
 *
 * @param store {@code files} (the default: beside their runs, one node, no database) or
 * {@code postgres} (cluster mode: in the PostgreSQL that {@code spring.datasource.url},
 * {@code username} and {@code password} name, its schema migrated at start-up)
 */
@ConfigurationProperties("ganforge")
@Validated
public record StoreSettings(@NotNull @DefaultValue("files") Kind store) {

	/**
	 * The kinds of store.
	 */
	public enum Kind {

		FILES, POSTGRES

	}

}
