package dev.ganforge.jobs;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

		/**
		 * What a job's worker reports reaches the store as the embedded mode or cluster
		 * mode has it: the run directory's files, or the journal under the job's lease.
		 */
		abstract void report(Job job, List<StepStats> steps, List<Quality> evaluations);

		static StepStats step(long step) {
			return new StepStats(step, 0, 1.25f + step, 0.75f, 0.625f, 0.375f, 0.25f, 100.5);
		}

		static Quality evaluation(long step, double fd) {
			return new Quality(step, 2000, 42, "fashion-mnist:test", "fashion-mnist", fd, 1.5, 0.25, 12.0, 3.25, "Coat",
					0.5, Map.of("Coat", 1000, "Bag", 1000));
		}

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
		void aJobsLossesAndEvaluationsReadBackByStep() {
			Job job = job("0000000d-000001", Instant.parse("2026-12-07T10:00:00Z"));
			store().create(job);
			assertThat(store().steps(job.id(), 0)).as("before the first step").isEmpty();
			assertThat(store().evaluations(job.id())).isEmpty();
			report(job, List.of(step(1), step(2), step(3)), List.of(evaluation(2, 40.5)));
			assertThat(store().steps(job.id(), 0)).containsExactly(step(1), step(2), step(3));
			assertThat(store().steps(job.id(), 2)).containsExactly(step(3));
			assertThat(store().evaluations(job.id())).containsExactly(evaluation(2, 40.5));
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
			this.files.prepare("0000000d-000001");
			this.store = new FileJobStore(this.files, JSON);
		}

		@Override
		JobStore store() {
			return this.store;
		}

		@Override
		void report(Job job, List<StepStats> steps, List<Quality> evaluations) {
			// As the worker writes them
			StringBuilder history = new StringBuilder(StepStats.CSV_HEADER).append('\n');
			steps.forEach((row) -> history.append(row.toCsvRow()));
			StringBuilder quality = new StringBuilder(Quality.CSV_HEADER).append('\n');
			evaluations.forEach((row) -> quality.append(row.toCsvRow()));
			try {
				java.nio.file.Files.writeString(this.files.run(job.id()).history(), history);
				java.nio.file.Files.writeString(this.files.run(job.id()).dir().resolve("evaluations.csv"), quality);
			}
			catch (java.io.IOException ex) {
				throw new UncheckedIOException(ex);
			}
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

		@RegisterExtension
		static final PostgresServer.PerClass database = new PostgresServer.PerClass();

		private PostgresJobStore store;

		@BeforeEach
		void open() {
			database.get().emptyJobs();
			this.store = PostgresJobStore.open(database.get().settings(), JSON);
		}

		@org.junit.jupiter.api.AfterEach
		void close() {
			this.store.close();
		}

		@Override
		JobStore store() {
			return this.store;
		}

		@Override
		void report(Job job, List<StepStats> steps, List<Quality> evaluations) {
			SharedJobStore.Claim claim = this.store.claim("node-a", Duration.ofSeconds(30)).orElseThrow();
			assertThat(this.store.journal(job.id(), claim.token(), 0, steps, evaluations)).isTrue();
		}

		@Test
		void theJournalIsWrittenOnlyUnderTheLeaseAndARestartReplacesTheStepsAfterIt() {
			Job job = job("00000008-000001", Instant.parse("2026-12-07T10:00:00Z"));
			this.store.create(job);
			SharedJobStore.Claim claim = this.store.claim("node-a", Duration.ofSeconds(30)).orElseThrow();
			assertThat(this.store.journal(job.id(), claim.token(), 0, List.of(step(1), step(2), step(3), step(4)),
					List.of(evaluation(2, 50), evaluation(4, 40))))
				.isTrue();
			assertThat(this.store.journal(job.id(), "another-token", -1, List.of(step(5)), List.of()))
				.as("a node without the lease")
				.isFalse();
			StepStats retrained = new StepStats(3, 0, 9, 9, 0.5f, 0.5f, 0.5f, 1);
			assertThat(this.store.journal(job.id(), claim.token(), 2, List.of(retrained), List.of())).isTrue();
			assertThat(this.store.steps(job.id(), 0)).containsExactly(step(1), step(2), retrained);
			assertThat(this.store.evaluations(job.id())).containsExactly(evaluation(2, 50));
			assertThat(this.store.save(claim.job().withStatus(JobStatus.FAILED, "x", Instant.now()), claim.token()))
				.isTrue();
			assertThat(this.store.journal(job.id(), claim.token(), -1, List.of(step(4)), List.of()))
				.as("after the lease was released")
				.isFalse();
		}

		@Test
		void eventsAreReadByTheOtherNodesInOrderAfterASequenceNumber() {
			Job a = job("00000009-000001", Instant.parse("2026-12-07T10:00:00Z"));
			Job b = job("00000009-000002", Instant.parse("2026-12-07T10:00:00Z"));
			this.store.create(a);
			this.store.create(b);
			long before = this.store.lastEventSeq();
			this.store.append(List.of(new SharedJobStore.StoredEvent(0, a.id(), JobEvent.STATUS, 0, "node-a"),
					new SharedJobStore.StoredEvent(0, a.id(), JobEvent.SAMPLES, 10, "node-a"),
					new SharedJobStore.StoredEvent(0, b.id(), JobEvent.SNAPSHOT, 20, "node-a"),
					new SharedJobStore.StoredEvent(0, a.id(), JobEvent.STATUS, 10, "node-b")));
			assertThat(this.store.lastEventSeq()).isGreaterThan(before);
			assertThat(this.store.events(List.of(a.id()), "node-b", before))
				.extracting(SharedJobStore.StoredEvent::type, SharedJobStore.StoredEvent::step)
				.containsExactly(org.assertj.core.groups.Tuple.tuple(JobEvent.STATUS, 0L),
						org.assertj.core.groups.Tuple.tuple(JobEvent.SAMPLES, 10L));
			List<SharedJobStore.StoredEvent> all = this.store.events(List.of(a.id(), b.id()), "node-c", before);
			assertThat(all).hasSize(4);
			assertThat(this.store.events(List.of(a.id(), b.id()), "node-c", all.get(2).seq()))
				.extracting(SharedJobStore.StoredEvent::node)
				.containsExactly("node-b");
			assertThat(this.store.events(List.of(), "node-c", 0)).isEmpty();
		}

		@Test
		void theDefaultModelChosenAtRunTimeIsASettingEveryNodeReads() {
			PostgresDefaultModel choice = new PostgresDefaultModel(this.store);
			assertThat(choice.read()).isEmpty();
			choice.write("fashion-dcgan-32");
			try (PostgresJobStore other = PostgresJobStore.open(database.get().settings(), JSON)) {
				assertThat(new PostgresDefaultModel(other).read()).contains("fashion-dcgan-32");
				new PostgresDefaultModel(other).write("fashion-cdcgan-32");
			}
			assertThat(choice.read()).contains("fashion-cdcgan-32");
			choice.write(null);
			assertThat(choice.read()).isEmpty();
		}

		@Test
		void aStoreOpenedBeforeItsDatabaseIsUnavailableUntilTheDatabaseIsUp() throws Exception {
			this.store.close();
			database.get().stopServer();
			try {
				this.store = PostgresJobStore.open(database.get().settings(), JSON, Duration.ofMillis(200));
				assertThat(this.store.isAvailable()).isFalse();
				assertThat(this.store.problem()).contains("cannot be reached");
				assertThatThrownBy(() -> this.store.loadAll()).isInstanceOf(JobStoreUnavailableException.class);
			}
			finally {
				database.get().startServer();
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
			database.get().stopServer();
			try {
				assertThat(this.store.isAvailable()).isFalse();
				assertThatThrownBy(() -> this.store.save(job.started(1, Instant.now())))
					.isInstanceOf(JobStoreUnavailableException.class)
					.hasMessageContaining("cannot be reached");
			}
			finally {
				database.get().startServer();
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
