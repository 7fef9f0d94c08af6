package dev.ganforge.jobs;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every job store must do, run against both: the files of the embedded mode and a
 * real PostgreSQL.
 */
class JobStoreContractTests {

	static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

	abstract static class Contract {

		abstract JobStore store();

		static Job job(String id, Instant created) {
			JobRequest request = JSON.readValue("{\"modelName\":\"m-" + id + "\",\"dataset\":\"synthetic:64\"}",
					JobRequest.class);
			return Job.queued(id, request, created);
		}

		@Test
		void aJobReadsBackAsRecordedAndEveryChangeReplacesIt() {
			Job job = job("00000001-00000a", Instant.parse("2026-12-07T10:00:00Z"));
			store().create(job);
			assertThat(store().loadAll()).containsExactly(job);
			Job running = job.started(4242, Instant.parse("2026-12-07T10:00:05Z"));
			store().save(running);
			Job failed = running.withStatus(JobStatus.FAILED, "out of memory", Instant.parse("2026-12-07T10:01:00Z"));
			store().save(failed);
			assertThat(store().loadAll()).containsExactly(failed);
			assertThat(store().isAvailable()).isTrue();
		}

		@Test
		void aSecondRecordOfTheSameIdIsRefusedAndChangesNothing() {
			Job job = job("00000002-00000b", Instant.parse("2026-12-07T10:00:00Z"));
			store().create(job);
			Job other = job("00000002-00000b", Instant.parse("2026-12-07T11:00:00Z"));
			assertThatIllegalStateException().isThrownBy(() -> store().create(other))
				.withMessageContaining("on record already");
			assertThat(store().loadAll()).containsExactly(job);
		}

		@Test
		void everyJobIsListedInIdOrder() {
			List<Job> jobs = List.of(job("0000000c-000001", Instant.parse("2026-12-07T10:00:03Z")),
					job("0000000a-000001", Instant.parse("2026-12-07T10:00:01Z")),
					job("0000000b-000001", Instant.parse("2026-12-07T10:00:02Z")));
			jobs.forEach(store()::create);
			assertThat(store().loadAll()).extracting(Job::id)
				.containsExactly("0000000a-000001", "0000000b-000001", "0000000c-000001");
		}

	}

	@Nested
	class Files extends Contract {

		@TempDir
		Path dir;

		private JobFiles files;

		private FileJobStore store;

		@BeforeEach
		void open() {
			this.files = new JobFiles(this.dir);
			this.files.prepare("00000002-00000b");
			this.files.prepare("0000000a-000001");
			this.files.prepare("0000000b-000001");
			this.files.prepare("0000000c-000001");
			this.store = new FileJobStore(this.files, JSON);
		}

		@Override
		JobStore store() {
			return this.store;
		}

		@Test
		@Override
		void aJobReadsBackAsRecordedAndEveryChangeReplacesIt() {
			this.files.prepare("00000001-00000a");
			super.aJobReadsBackAsRecordedAndEveryChangeReplacesIt();
		}

		@Test
		void aRecordTheDiskRefusesIsAnIoFailure() throws Exception {
			Job job = job("00000003-00000c", Instant.parse("2026-12-07T10:00:00Z"));
			// No job directory: the record's write fails as on a full disk.
			java.nio.file.Files.writeString(this.dir.resolve("00000003-00000c"), "a file, not a directory");
			assertThatThrownBy(() -> this.store.create(job)).isInstanceOf(UncheckedIOException.class);
		}

	}

	@Nested
	class Postgres extends Contract {

		private static PostgresServer server;

		private PostgresJobStore store;

		@BeforeAll
		static void startDatabase() throws Exception {
			server = PostgresServer.start();
		}

		@AfterAll
		static void stopDatabase() throws Exception {
			if (server != null) {
				server.close();
			}
		}

		@BeforeEach
		void open() {
			this.store = PostgresJobStore.open(new DatabaseSettings(server.url(), PostgresServer.USER, null), JSON);
			new org.springframework.jdbc.core.JdbcTemplate(
					new org.springframework.jdbc.datasource.DriverManagerDataSource(server.url(), PostgresServer.USER,
							""))
				.update("DELETE FROM job");
		}

		@org.junit.jupiter.api.AfterEach
		void close() {
			this.store.close();
		}

		@Override
		JobStore store() {
			return this.store;
		}

		@Test
		void aDatabaseThatIsDownRefusesWritesAsUnavailableAndTheRecordsSurviveItsRestart() throws Exception {
			Job job = job("00000004-00000d", Instant.parse("2026-12-07T10:00:00Z"));
			this.store.create(job);
			server.stopServer();
			try {
				assertThat(this.store.isAvailable()).isFalse();
				assertThatThrownBy(() -> this.store.save(job.started(1, Instant.now())))
					.isInstanceOf(JobStoreUnavailableException.class)
					.hasMessageContaining("cannot be reached");
			}
			finally {
				server.startServer();
			}
			assertThat(this.store.loadAll()).containsExactly(job);
		}

	}

}
