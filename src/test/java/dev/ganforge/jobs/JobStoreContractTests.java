package dev.ganforge.jobs;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
			server.emptyJobs();
			this.store = PostgresJobStore.open(server.settings(), JSON);
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
		void aStoreOpenedBeforeItsDatabaseIsUnavailableUntilTheDatabaseIsUp() throws Exception {
			this.store.close();
			server.stopServer();
			try {
				this.store = PostgresJobStore.open(server.settings(), JSON, Duration.ofMillis(200));
				assertThat(this.store.isAvailable()).isFalse();
				assertThat(this.store.problem()).contains("cannot be reached");
				assertThatThrownBy(() -> this.store.loadAll()).isInstanceOf(JobStoreUnavailableException.class);
			}
			finally {
				server.startServer();
			}
			long deadline = System.nanoTime() + 15_000_000_000L;
			while (!this.store.isAvailable() && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			assertThat(this.store.isAvailable()).isTrue();
			Job job = job("00000007-000001", Instant.parse("2026-12-07T10:00:00Z"));
			this.store.create(job);
			assertThat(this.store.find(job.id())).contains(job);
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
			// Once it is back, the pool's connections to the old server are replaced.
			long deadline = System.nanoTime() + 15_000_000_000L;
			while (!this.store.isAvailable() && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			assertThat(this.store.loadAll()).containsExactly(job);
		}

		@Test
		void aQueuedJobIsClaimedOnceAndOnlyItsLeaseHolderWritesIt() throws Exception {
			Job first = job("00000005-000001", Instant.parse("2026-12-07T10:00:00Z"));
			Job second = job("00000005-000002", Instant.parse("2026-12-07T10:00:01Z"));
			this.store.create(second);
			this.store.create(first);
			SharedJobStore.Claim a = this.store.claim("node-a", Duration.ofSeconds(30)).orElseThrow();
			SharedJobStore.Claim b = this.store.claim("node-b", Duration.ofSeconds(30)).orElseThrow();
			assertThat(a.job().id()).isEqualTo(first.id());
			assertThat(b.job().id()).isEqualTo(second.id());
			assertThat(this.store.claim("node-c", Duration.ofSeconds(30))).isEmpty();

			Job running = a.job().started(11, Instant.parse("2026-12-07T10:00:02Z"));
			assertThat(this.store.save(running, a.token())).isTrue();
			assertThat(this.store.save(running.withStatus(JobStatus.FAILED, "stale", Instant.now()), b.token()))
				.as("another lease's token")
				.isFalse();
			assertThat(this.store.find(first.id())).contains(running);
			assertThat(
					this.store.saveIf(running.withStatus(JobStatus.CANCELLED, null, Instant.now()), JobStatus.RUNNING))
				.as("a change for a job no node holds")
				.isFalse();

			assertThat(this.store.requestCancel(first.id())).isTrue();
			assertThat(this.store.cancelRequested("node-a")).containsExactly(first.id());
			assertThat(this.store.cancelRequested("node-b")).isEmpty();
			Job cancelled = running.withStatus(JobStatus.CANCELLED, null, Instant.parse("2026-12-07T10:00:09Z"));
			assertThat(this.store.save(cancelled, a.token())).isTrue();
			assertThat(this.store.save(cancelled, a.token())).as("the lease is released with the job").isFalse();
			assertThat(this.store.cancelRequested("node-a")).isEmpty();
			assertThat(this.store.requestCancel(first.id())).isFalse();
			Job resumed = cancelled.withStatus(JobStatus.QUEUED, null, Instant.now());
			assertThat(this.store.saveIf(resumed, JobStatus.CANCELLED)).isTrue();
			assertThat(this.store.saveIf(resumed, JobStatus.CANCELLED)).isFalse();
		}

		@Test
		void anExpiredLeaseIsFoundAndItsHolderCanNoLongerWriteOrRenew() throws Exception {
			this.store.create(job("00000006-000001", Instant.parse("2026-12-07T10:00:00Z")));
			SharedJobStore.Claim claim = this.store.claim("ghost", Duration.ofMillis(200)).orElseThrow();
			assertThat(this.store.renew(claim.job().id(), claim.token(), Duration.ofMillis(200))).isTrue();
			assertThat(this.store.expired()).isEmpty();
			Thread.sleep(400);
			assertThat(this.store.expired()).extracting(SharedJobStore.Claim::token).containsExactly(claim.token());
			Job interrupted = claim.job().withStatus(JobStatus.INTERRUPTED, "lease expired", Instant.now());
			// The sweeper fences with the expired token: one sweeper wins, the holder
			// loses.
			assertThat(this.store.save(interrupted, claim.token())).isTrue();
			assertThat(this.store.renew(claim.job().id(), claim.token(), Duration.ofSeconds(30))).isFalse();
			assertThat(this.store.save(claim.job(), claim.token())).isFalse();
			assertThat(this.store.expired()).isEmpty();
			assertThat(this.store.find(claim.job().id()).orElseThrow().status()).isEqualTo(JobStatus.INTERRUPTED);
		}

		@Test
		void twentyJobsClaimedByFourNodesAtOnceAreEachClaimedExactlyOnce() throws Exception {
			for (int i = 0; i < 20; i++) {
				this.store.create(job(String.format("0000000f-%06x", i), Instant.parse("2026-12-07T10:00:00Z")));
			}
			java.util.Map<String, String> claimedBy = new java.util.concurrent.ConcurrentHashMap<>();
			java.util.concurrent.atomic.AtomicInteger twice = new java.util.concurrent.atomic.AtomicInteger();
			List<Thread> nodes = new java.util.ArrayList<>();
			for (int n = 0; n < 4; n++) {
				String node = "node-" + n;
				Thread thread = new Thread(() -> {
					java.util.Optional<SharedJobStore.Claim> claim;
					while ((claim = this.store.claim(node, Duration.ofSeconds(30))).isPresent()) {
						if (claimedBy.putIfAbsent(claim.get().job().id(), node) != null) {
							twice.incrementAndGet();
						}
					}
				});
				thread.start();
				nodes.add(thread);
			}
			for (Thread node : nodes) {
				node.join();
			}
			assertThat(claimedBy).hasSize(20);
			assertThat(twice).hasValue(0);
		}

	}

}
