package dev.ganforge.jobs;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Job records in PostgreSQL (cluster mode): one row per job, its record as the JSON a
 * {@code job.json} holds, its schema made by Flyway ({@code db/migration}).
 */
final class PostgresJobStore implements JobStore, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresJobStore.class);

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private PostgresJobStore(HikariDataSource pool, JsonMapper json) {
		this.pool = pool;
		this.jdbc = new JdbcTemplate(pool);
		this.json = json;
	}

	/**
	 * Connects to the database and migrates its schema.
	 * @param database where it is
	 * @param json the mapper of job records
	 * @return the store, owning its connection pool
	 * @throws IllegalStateException if no URL is set or the schema cannot be migrated
	 */
	static PostgresJobStore open(DatabaseSettings database, JsonMapper json) {
		if (database.url() == null || database.url().isBlank()) {
			throw new IllegalStateException(
					"ganforge.store=postgres needs spring.datasource.url, e.g. jdbc:postgresql://db:5432/ganforge");
		}
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(database.url());
		config.setUsername(database.username());
		config.setPassword(database.password());
		config.setPoolName("ganforge-jobs");
		config.setMaximumPoolSize(8);
		config.setConnectionTimeout(5_000);
		HikariDataSource pool = new HikariDataSource(config);
		try {
			Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
		}
		catch (RuntimeException ex) {
			pool.close();
			throw new IllegalStateException(
					"Cannot prepare the job database at " + database.url() + ": " + ex.getMessage(), ex);
		}
		return new PostgresJobStore(pool, json);
	}

	@Override
	public void close() {
		this.pool.close();
	}

	@Override
	public void create(Job job) {
		try {
			this.jdbc.update("INSERT INTO job (id, status, created_at, record) VALUES (?, ?, ?, ?::jsonb)", job.id(),
					job.status().name(), Timestamp.from(job.createdAt()), this.json.writeValueAsString(job));
		}
		catch (DuplicateKeyException ex) {
			throw new IllegalStateException("Job " + job.id() + " is on record already", ex);
		}
		catch (DataAccessException ex) {
			throw unavailable("record job " + job.id(), ex);
		}
	}

	@Override
	public void save(Job job) {
		try {
			this.jdbc.update(
					"INSERT INTO job (id, status, created_at, record) VALUES (?, ?, ?, ?::jsonb) "
							+ "ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record, "
							+ "updated_at = now()",
					job.id(), job.status().name(), Timestamp.from(job.createdAt()), this.json.writeValueAsString(job));
		}
		catch (DataAccessException ex) {
			throw unavailable("save job " + job.id(), ex);
		}
	}

	@Override
	public List<Job> loadAll() {
		List<Job> jobs = new ArrayList<>();
		try {
			this.jdbc.query("SELECT id, record::text FROM job ORDER BY id", (row) -> {
				try {
					jobs.add(this.json.readValue(row.getString(2), Job.class));
				}
				catch (JacksonException ex) {
					log.error("Skipping unreadable job record {}: {}", row.getString(1), ex.getOriginalMessage());
				}
			});
		}
		catch (DataAccessException ex) {
			throw unavailable("read the jobs", ex);
		}
		return jobs;
	}

	@Override
	public boolean isAvailable() {
		try {
			this.jdbc.queryForObject("SELECT 1", Integer.class);
			return true;
		}
		catch (DataAccessException ex) {
			return false;
		}
	}

	private static JobStoreUnavailableException unavailable(String action, DataAccessException ex) {
		log.warn("Cannot {} in PostgreSQL: {}", action, ex.getMostSpecificCause().getMessage());
		return new JobStoreUnavailableException("The job database cannot be reached (ganforge.store=postgres), "
				+ "so nothing was changed; try again once it is back.");
	}

}
