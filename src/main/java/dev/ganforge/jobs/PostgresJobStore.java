package dev.ganforge.jobs;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Job records in PostgreSQL (cluster mode): one row per job, its record as the JSON a
 * {@code job.json} holds, its schema made by Flyway ({@code db/migration}).
 */
final class PostgresJobStore implements SharedJobStore, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostgresJobStore.class);

	private static final Duration RETRY_EVERY = Duration.ofSeconds(5);

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final String url;

	// Until the schema is migrated every operation is refused as unavailable.
	private volatile boolean migrated;

	private volatile String problem = "The job database has not been reached yet";

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "ganforge-jobs-database");
		thread.setDaemon(true);
		return thread;
	});

	private PostgresJobStore(HikariDataSource pool, String url, JsonMapper json) {
		this.pool = pool;
		this.jdbc = new JdbcTemplate(pool);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
		this.url = url;
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
		return open(database, json, RETRY_EVERY);
	}

	/**
	 * Connects to the database and migrates its schema; while the database cannot be
	 * reached the store is unavailable and tries again every {@code retryEvery}, so that
	 * a node can start before its database.
	 * @param database where it is
	 * @param json the mapper of job records
	 * @param retryEvery the pause between attempts
	 * @return the store, owning its connection pool
	 * @throws IllegalStateException if no URL is set
	 */
	static PostgresJobStore open(DatabaseSettings database, JsonMapper json, Duration retryEvery) {
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
		// Start without the database: the store reports itself unavailable meanwhile.
		config.setInitializationFailTimeout(-1);
		PostgresJobStore store = new PostgresJobStore(new HikariDataSource(config), database.url(), json);
		if (!store.migrate()) {
			store.retries.scheduleWithFixedDelay(() -> {
				if (store.migrate()) {
					store.retries.shutdown();
				}
			}, retryEvery.toMillis(), retryEvery.toMillis(), TimeUnit.MILLISECONDS);
		}
		return store;
	}

	private boolean migrate() {
		try {
			Flyway.configure().dataSource(this.pool).locations("classpath:db/migration").load().migrate();
			this.migrated = true;
			log.info("Job database {} ready", this.url);
			return true;
		}
		catch (RuntimeException ex) {
			this.problem = "The job database " + this.url + " cannot be reached or migrated: " + rootMessage(ex);
			log.warn("{}; trying again", this.problem);
			return false;
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	@Override
	public String problem() {
		return this.problem;
	}

	@Override
	public void close() {
		this.retries.shutdownNow();
		this.pool.close();
	}

	/** Refuses every operation until the schema is migrated. */
	private void requireMigrated() {
		if (!this.migrated) {
			throw new JobStoreUnavailableException(
					"The job database is not ready (ganforge.store=postgres), so nothing was changed; try again "
							+ "once it is back.");
		}
	}

	@Override
	public void create(Job job) {
		attempt("record job " + job.id(), () -> {
			try {
				this.jdbc.update("INSERT INTO job (id, status, created_at, record) VALUES (?, ?, ?, ?::jsonb)",
						job.id(), job.status().name(), Timestamp.from(job.createdAt()),
						this.json.writeValueAsString(job));
			}
			catch (DuplicateKeyException ex) {
				throw new IllegalStateException("Job " + job.id() + " is on record already", ex);
			}
			return null;
		});
	}

	@Override
	public void save(Job job) {
		attempt("save job " + job.id(), () -> {
			this.jdbc.update(
					"INSERT INTO job (id, status, created_at, record) VALUES (?, ?, ?, ?::jsonb) "
							+ "ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record, "
							+ "updated_at = now()",
					job.id(), job.status().name(), Timestamp.from(job.createdAt()), this.json.writeValueAsString(job));
			return null;
		});
	}

	@Override
	public List<Job> loadAll() {
		return attempt("read the jobs", () -> {
			List<Job> jobs = new ArrayList<>();
			this.jdbc.query("SELECT id, record::text FROM job ORDER BY id", (row) -> {
				try {
					jobs.add(this.json.readValue(row.getString(2), Job.class));
				}
				catch (JacksonException ex) {
					log.error("Skipping unreadable job record {}: {}", row.getString(1), ex.getOriginalMessage());
				}
			});
			return jobs;
		});
	}

	@Override
	public Optional<Job> find(String id) {
		return attempt("read job " + id, () -> {
			return this.jdbc.query("SELECT record::text FROM job WHERE id = ?", (row, n) -> row.getString(1), id)
				.stream()
				.findFirst()
				.map((record) -> this.json.readValue(record, Job.class));
		});
	}

	@Override
	public Optional<Claim> claim(String node, Duration lease) {
		String token = UUID.randomUUID().toString();
		return attempt("claim a job", () -> {
			return this.jdbc
				.query("UPDATE job SET status = 'RUNNING', owner = ?, lease_token = ?, "
						+ "lease_expires = now() + ? * interval '1 millisecond', cancel_requested = false "
						+ "WHERE id = (SELECT id FROM job WHERE status = 'QUEUED' ORDER BY created_at, id "
						+ "FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING record::text", (row, n) -> row.getString(1), node,
						token, lease.toMillis())
				.stream()
				.findFirst()
				.map((record) -> new Claim(this.json.readValue(record, Job.class), token));
		});
	}

	@Override
	public boolean save(Job job, String token) {
		boolean holds = job.status() == JobStatus.RUNNING;
		return attempt("save job " + job.id(), () -> {
			return this.jdbc.update(
					"UPDATE job SET status = ?, record = ?::jsonb, updated_at = now(), "
							+ "owner = CASE WHEN ? THEN owner END, lease_token = CASE WHEN ? THEN lease_token END, "
							+ "lease_expires = CASE WHEN ? THEN lease_expires END, "
							+ "cancel_requested = CASE WHEN ? THEN cancel_requested ELSE false END "
							+ "WHERE id = ? AND lease_token = ?",
					job.status().name(), this.json.writeValueAsString(job), holds, holds, holds, holds, job.id(),
					token) == 1;
		});
	}

	@Override
	public boolean renew(String id, String token, Duration lease) {
		return attempt("renew the lease of job " + id, () -> {
			return this.jdbc.update(
					"UPDATE job SET lease_expires = now() + ? * interval '1 millisecond' WHERE id = ? AND lease_token = ?",
					lease.toMillis(), id, token) == 1;
		});
	}

	@Override
	public boolean saveIf(Job job, JobStatus expected) {
		return attempt("save job " + job.id(), () -> {
			return this.jdbc.update(
					"UPDATE job SET status = ?, record = ?::jsonb, updated_at = now() "
							+ "WHERE id = ? AND status = ? AND lease_token IS NULL",
					job.status().name(), this.json.writeValueAsString(job), job.id(), expected.name()) == 1;
		});
	}

	@Override
	public List<Claim> expired() {
		return attempt("find expired leases", () -> {
			return this.jdbc.query(
					"SELECT record::text, lease_token FROM job WHERE status = 'RUNNING' AND lease_expires < now() "
							+ "ORDER BY id",
					(row, n) -> new Claim(this.json.readValue(row.getString(1), Job.class), row.getString(2)));
		});
	}

	@Override
	public boolean requestCancel(String id) {
		return attempt("cancel job " + id, () -> {
			return this.jdbc.update("UPDATE job SET cancel_requested = true WHERE id = ? AND status = 'RUNNING'",
					id) == 1;
		});
	}

	@Override
	public Set<String> cancelRequested(String node) {
		return attempt("read cancellations", () -> {
			return Set.copyOf(this.jdbc.queryForList(
					"SELECT id FROM job WHERE owner = ? AND status = 'RUNNING' AND cancel_requested", String.class,
					node));
		});
	}

	@Override
	public List<StepStats> steps(String id, long afterStep) {
		return attempt("read the losses of job " + id, () -> {
			return this.jdbc.query("SELECT row FROM job_step WHERE job_id = ? AND step > ? ORDER BY step",
					(row, n) -> StepStats.parseCsvRow(row.getString(1)), id, afterStep);
		});
	}

	@Override
	public List<Quality> evaluations(String id) {
		return attempt("read the evaluations of job " + id, () -> {
			return this.jdbc.query("SELECT row FROM job_evaluation WHERE job_id = ? ORDER BY step",
					(row, n) -> Quality.parseCsvRow(row.getString(1)), id);
		});
	}

	@Override
	public boolean journal(String id, String token, long restartAfter, List<StepStats> steps,
			List<Quality> evaluations) {
		return attempt("journal job " + id, () -> Boolean.TRUE.equals(this.transactions.execute((status) -> {
			// The row lock keeps the lease from changing hands until this commits.
			if (this.jdbc
				.queryForList("SELECT 1 FROM job WHERE id = ? AND lease_token = ? FOR SHARE", Integer.class, id, token)
				.isEmpty()) {
				return false;
			}
			if (restartAfter >= 0) {
				this.jdbc.update("DELETE FROM job_step WHERE job_id = ? AND step > ?", id, restartAfter);
				this.jdbc.update("DELETE FROM job_evaluation WHERE job_id = ? AND step > ?", id, restartAfter);
			}
			String upsert = " (job_id, step, row) VALUES (?, ?, ?) ON CONFLICT (job_id, step) DO UPDATE SET row = "
					+ "excluded.row";
			this.jdbc.batchUpdate("INSERT INTO job_step" + upsert,
					steps.stream()
						.map((stats) -> new Object[] { id, stats.step(), stats.toCsvRow().stripTrailing() })
						.toList());
			this.jdbc.batchUpdate("INSERT INTO job_evaluation" + upsert,
					evaluations.stream()
						.map((quality) -> new Object[] { id, quality.step(), quality.toCsvRow().stripTrailing() })
						.toList());
			return true;
		})));
	}

	@Override
	public void append(List<StoredEvent> events) {
		attempt("record job events", () -> {
			this.jdbc.batchUpdate("INSERT INTO job_event (job_id, type, step, node) VALUES (?, ?, ?, ?)",
					events.stream()
						.map((event) -> new Object[] { event.jobId(), event.type(), event.step(), event.node() })
						.toList());
			return null;
		});
	}

	@Override
	public List<StoredEvent> events(Collection<String> ids, String node, long afterSeq) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return attempt("read job events", () -> {
			return this.jdbc.query((connection) -> {
				var statement = connection.prepareStatement("SELECT seq, job_id, type, step, node FROM job_event "
						+ "WHERE job_id = ANY (?) AND node <> ? AND seq > ? ORDER BY seq");
				Array array = connection.createArrayOf("text", ids.toArray());
				statement.setArray(1, array);
				statement.setString(2, node);
				statement.setLong(3, afterSeq);
				return statement;
			}, (row, n) -> new StoredEvent(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
					row.getString(5)));
		});
	}

	@Override
	public long lastEventSeq() {
		return attempt("read job events", () -> {
			Long last = this.jdbc.queryForObject("SELECT max(seq) FROM job_event", Long.class);
			return (last != null) ? last : 0L;
		});
	}

	/**
	 * A setting every node shares.
	 * @param name its name
	 * @return its value, or empty when unset
	 */
	Optional<String> setting(String name) {
		return attempt("read setting " + name, () -> {
			return this.jdbc.queryForList("SELECT value FROM setting WHERE name = ?", String.class, name)
				.stream()
				.findFirst();
		});
	}

	/**
	 * Sets or clears a setting every node shares.
	 * @param name its name
	 * @param value its value, or null to clear it
	 */
	void setting(String name, String value) {
		attempt("save setting " + name, () -> {
			if (value == null) {
				this.jdbc.update("DELETE FROM setting WHERE name = ?", name);
			}
			else {
				this.jdbc.update("INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
						+ "SET value = excluded.value, updated_at = now()", name, value);
			}
			return null;
		});
	}

	@Override
	public boolean isAvailable() {
		if (!this.migrated) {
			return false;
		}
		try {
			this.jdbc.queryForObject("SELECT 1", Integer.class);
			return true;
		}
		catch (DataAccessException ex) {
			this.problem = "The job database " + this.url + " cannot be reached: " + rootMessage(ex);
			return false;
		}
	}

	/**
	 * Runs an operation, once more when it fails for the connection, on fresh
	 * connections: after the database restarted, every pooled connection to the old
	 * server is dead.
	 * @throws JobStoreUnavailableException if it fails twice, or the schema is not there
	 * yet
	 */
	private <T> T attempt(String action, Supplier<T> operation) {
		requireMigrated();
		try {
			return operation.get();
		}
		catch (DataAccessException | TransactionException first) {
			if (first instanceof DataIntegrityViolationException) {
				throw first;
			}
			// Every pooled connection may be to the old server: replace them all, not
			// just the one that failed.
			this.pool.getHikariPoolMXBean().softEvictConnections();
			try {
				return operation.get();
			}
			catch (DataAccessException | TransactionException again) {
				throw unavailable(action, again);
			}
		}
	}

	private static JobStoreUnavailableException unavailable(String action, RuntimeException ex) {
		log.warn("Cannot {} in PostgreSQL: {}", action, rootMessage(ex));
		return new JobStoreUnavailableException("The job database cannot be reached (ganforge.store=postgres), "
				+ "so nothing was changed; try again once it is back.");
	}

}
