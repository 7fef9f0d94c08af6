package dev.ganforge.jobs;

import java.util.Optional;

import dev.ganforge.models.DefaultModelChoice;

/**
 * Cluster mode's default model chosen at run time: a setting in the job database, so that
 * every node agrees on it (each reads it at every poll of its model registry).
 */
final class PostgresDefaultModel implements DefaultModelChoice {

	static final String SETTING = "default_model";

	private final PostgresJobStore store;

	PostgresDefaultModel(PostgresJobStore store) {
		this.store = store;
	}

	@Override
	public Optional<String> read() {
		return this.store.setting(SETTING);
	}

	@Override
	public void write(String name) {
		this.store.setting(SETTING, name);
	}

	@Override
	public String where() {
		return "the job database";
	}

}
