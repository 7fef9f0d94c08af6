package dev.ganforge.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link JobJournal} against a real PostgreSQL: what a job's worker reports
 * reaches the database once per flush, each step once as last trained, nothing is lost
 * while the database is away, and nothing is written without the lease.
 */
class JobJournalTests {

	@RegisterExtension
	static final PostgresServer.PerClass database = new PostgresServer.PerClass();

	private PostgresJobStore store;

	private JobJournal journal;

	private Job job;

	private String token;

	@BeforeEach
	void claimAJob() {
		database.get().emptyJobs();
		this.store = PostgresJobStore.open(database.get().settings(), JobStoreContractTests.JSON);
		this.store.create(JobStoreContractTests.Contract.job("00000010-000001", Instant.parse("2026-12-07T10:00:00Z")));
		SharedJobStore.Claim claim = this.store.claim("node-a", Duration.ofSeconds(30)).orElseThrow();
		this.job = claim.job();
		this.token = claim.token();
		this.journal = new JobJournal(this.store, "node-a");
	}

	@AfterEach
	void close() {
		this.store.close();
	}

	@Test
	void stepsGoOutAtTheFlushAndARollbackReplacesTheStepsAfterIt() {
		this.journal.start(this.job.id(), this.token, 0, List.of(), List.of());
		steps(1, 5, 1);
		this.journal.evaluation(this.job.id(), evaluation(4));
		assertThat(this.store.steps(this.job.id(), 0)).as("before the flush").isEmpty();
		this.journal.flush();
		assertThat(stepNumbers()).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(this.store.evaluations(this.job.id())).containsExactly(evaluation(4));

		// The divergence monitor rolled back to the snapshot at step 2.
		steps(3, 4, 2);
		this.journal.flush();
		assertThat(this.store.steps(this.job.id(), 0)).containsExactly(step(1, 1), step(2, 1), step(3, 2), step(4, 2));
		assertThat(this.store.evaluations(this.job.id())).as("of a step trained again").isEmpty();
	}

	@Test
	void aWorkerThatResumesFromASnapshotReBasesTheJournalOnTheRunDirectory() {
		this.journal.start(this.job.id(), this.token, 0, List.of(), List.of());
		steps(1, 4, 1);
		this.journal.flush();
		// The node died after its worker trained to step 7 and snapshotted at 6; steps 5
		// to 7 are only in the run directory. A successor resumes from the snapshot.
		List<StepStats> files = List.of(step(1, 1), step(2, 1), step(3, 1), step(4, 1), step(5, 1), step(6, 1),
				step(7, 1));
		JobJournal successor = new JobJournal(this.store, "node-b");
		successor.start(this.job.id(), this.token, 6, files, List.of(evaluation(4), evaluation(7)));
		successor.flush();
		assertThat(stepNumbers()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		assertThat(this.store.evaluations(this.job.id())).containsExactly(evaluation(4));
		successor.step(this.job.id(), step(7, 2));
		successor.flush();
		assertThat(this.store.steps(this.job.id(), 5)).containsExactly(step(6, 1), step(7, 2));
	}

	@Test
	void whileTheDatabaseIsAwayRowsAndEventsWaitAndGoOutInOrderOnceItIsBack() throws Exception {
		this.journal.start(this.job.id(), this.token, 0, List.of(), List.of());
		steps(1, 3, 1);
		long before = this.store.lastEventSeq();
		database.get().stopServer();
		try {
			assertThatThrownBy(this.journal::flush).isInstanceOf(JobStoreUnavailableException.class);
			steps(2, 4, 2);
			this.journal.event(new JobEvent(JobEvent.SAMPLES, this.job, 4));
			assertThatThrownBy(this.journal::flush).isInstanceOf(JobStoreUnavailableException.class);
		}
		finally {
			database.get().startServer();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!this.store.isAvailable() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		this.journal.flush();
		assertThat(this.store.steps(this.job.id(), 0)).containsExactly(step(1, 1), step(2, 2), step(3, 2), step(4, 2));
		assertThat(this.store.events(List.of(this.job.id()), "node-b", before))
			.extracting(SharedJobStore.StoredEvent::type, SharedJobStore.StoredEvent::step,
					SharedJobStore.StoredEvent::node)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(JobEvent.SAMPLES, 4L, "node-a"));
	}

	@Test
	void aNodeThatLostTheLeaseWritesNothingMore() {
		this.journal.start(this.job.id(), this.token, 0, List.of(), List.of());
		steps(1, 2, 1);
		this.journal.flush();
		// Another node found the lease expired and settled the job.
		assertThat(this.store.save(this.job.withStatus(JobStatus.QUEUED, "lease expired", Instant.now()), this.token))
			.isTrue();
		steps(3, 4, 1);
		this.journal.flush();
		steps(5, 5, 1);
		this.journal.flush();
		assertThat(stepNumbers()).containsExactly(1L, 2L);
	}

	@Test
	void aFinishedJobsLastRowsGoOutBeforeItsLeaseIsReleased() {
		this.journal.start(this.job.id(), this.token, 0, List.of(), List.of());
		steps(1, 3, 1);
		this.journal.finish(this.job.id());
		assertThat(this.store.save(this.job.withStatus(JobStatus.SUCCEEDED, null, Instant.now()), this.token)).isTrue();
		assertThat(stepNumbers()).containsExactly(1L, 2L, 3L);
		steps(4, 4, 1);
		this.journal.flush();
		assertThat(stepNumbers()).as("nothing is journaled for a job no longer trained here")
			.containsExactly(1L, 2L, 3L);
	}

	private void steps(long first, long last, float attempt) {
		for (long step = first; step <= last; step++) {
			this.journal.step(this.job.id(), step(step, attempt));
		}
	}

	private List<Long> stepNumbers() {
		return this.store.steps(this.job.id(), 0).stream().map(StepStats::step).toList();
	}

	private static StepStats step(long step, float attempt) {
		return new StepStats(step, 0, attempt, 0.5f, 0.5f, 0.5f, 0.5f, 100);
	}

	private static Quality evaluation(long step) {
		return JobStoreContractTests.Contract.evaluation(step, 30);
	}

}
