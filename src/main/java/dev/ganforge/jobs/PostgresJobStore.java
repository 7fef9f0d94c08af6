package dev.ganforge.jobs;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
final class PostgresJobStore implements SharedJobStore, AutoCloseable {

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
	public Optional<Job> find(String id) {
		try {
			return this.jdbc.query("SELECT record::text FROM job WHERE id = ?", (row, n) -> row.getString(1), id)
				.stream()
				.findFirst()
				.map((record) -> this.json.readValue(record, Job.class));
		}
		catch (DataAccessException ex) {
			throw unavailable("read job " + id, ex);
		}
	}

	@Override
	public Optional<Claim> claim(String node, Duration lease) {
		String token = UUID.randomUUID().toString();
		try {
			return this.jdbc
				.query("UPDATE job SET status = 'RUNNING', owner = ?, lease_token = ?, "
						+ "lease_expires = now() + ? * interval '1 millisecond', cancel_requested = false "
						+ "WHERE id = (SELECT id FROM job WHERE status = 'QUEUED' ORDER BY created_at, id "
						+ "FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING record::text", (row, n) -> row.getString(1), node,
						token, lease.toMillis())
				.stream()
				.findFirst()
				.map((record) -> new Claim(this.json.readValue(record, Job.class), token));
		}
		catch (DataAccessException ex) {
			throw unavailable("claim a job", ex);
		}
	}

	@Override
	public boolean save(Job job, String token) {
		boolean holds = job.status() == JobStatus.RUNNING;
		try {
			return this.jdbc.update(
					"UPDATE job SET status = ?, record = ?::jsonb, updated_at = now(), "
							+ "owner = CASE WHEN ? THEN owner END, lease_token = CASE WHEN ? THEN lease_token END, "
							+ "lease_expires = CASE WHEN ? THEN lease_expires END, "
							+ "cancel_requested = CASE WHEN ? THEN cancel_requested ELSE false END "
							+ "WHERE id = ? AND lease_token = ?",
					job.status().name(), this.json.writeValueAsString(job), holds, holds, holds, holds, job.id(),
					token) == 1;
		}
		catch (DataAccessException ex) {
			throw unavailable("save job " + job.id(), ex);
		}
	}

	@Override
	public boolean renew(String id, String token, Duration lease) {
		try {
			return this.jdbc.update(
					"UPDATE job SET lease_expires = now() + ? * interval '1 millisecond' WHERE id = ? AND lease_token = ?",
					lease.toMillis(), id, token) == 1;
		}
		catch (DataAccessException ex) {
			throw unavailable("renew the lease of job " + id, ex);
		}
	}

	@Override
	public boolean saveIf(Job job, JobStatus expected) {
		try {
			return this.jdbc.update(
					"UPDATE job SET status = ?, record = ?::jsonb, updated_at = now() "
							+ "WHERE id = ? AND status = ? AND lease_token IS NULL",
					job.status().name(), this.json.writeValueAsString(job), job.id(), expected.name()) == 1;
		}
		catch (DataAccessException ex) {
			throw unavailable("save job " + job.id(), ex);
		}
	}

	@Override
	public List<Claim> expired() {
		try {
			return this.jdbc.query(
					"SELECT record::text, lease_token FROM job WHERE status = 'RUNNING' AND lease_expires < now() "
							+ "ORDER BY id",
					(row, n) -> new Claim(this.json.readValue(row.getString(1), Job.class), row.getString(2)));
		}
		catch (DataAccessException ex) {
			throw unavailable("find expired leases", ex);
		}
	}

	@Override
	public boolean requestCancel(String id) {
		try {
			return this.jdbc.update("UPDATE job SET cancel_requested = true WHERE id = ? AND status = 'RUNNING'",
					id) == 1;
		}
		catch (DataAccessException ex) {
			throw unavailable("cancel job " + id, ex);
		}
	}

	@Override
	public Set<String> cancelRequested(String node) {
		try {
			return Set.copyOf(this.jdbc.queryForList(
					"SELECT id FROM job WHERE owner = ? AND status = 'RUNNING' AND cancel_requested", String.class,
					node));
		}
		catch (DataAccessException ex) {
			throw unavailable("read cancellations", ex);
		}
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
