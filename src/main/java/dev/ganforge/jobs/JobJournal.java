package dev.ganforge.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: what this node's jobs append to the shared store, buffered and written
 * once a second ({@link #flush}) so that a worker's steps never wait on the database: the
 * steps and evaluations of the jobs running here (under their leases) and every event
 * this node publishes except progress. While the database is away the rows wait here, up
 * to a bound, and go out once it is back.
 *
 * <p>
 * A worker starts at a step (0, or its snapshot's on a resume), and a rollback takes it
 * back to an earlier one: the rows on record after it are replaced, so the journal holds
 * each step once, as last trained. A worker's start re-bases the journal on its run
 * directory, whose files are the worker's own record.
 */
final class JobJournal {

	private static final Logger log = LoggerFactory.getLogger(JobJournal.class);

	/** Rows kept per job while the database is away (about 100 bytes each). */
	static final int MAX_PENDING_STEPS = 200_000;

	/** Events kept while the database is away. */
	static final int MAX_PENDING_EVENTS = 10_000;

	private final SharedJobStore store;

	private final String node;

	private final Map<String, Pending> jobs = new LinkedHashMap<>();

	private final Deque<SharedJobStore.StoredEvent> events = new ArrayDeque<>();

	// Held while rows are written, so that the writes of one job never overtake each
	// other: a finished job's last rows, and so its release, wait for a flush in
	// progress.
	private final Object writing = new Object();

	JobJournal(SharedJobStore store, String node) {
		this.store = store;
		this.node = node;
	}

	/**
	 * A worker starts training a job here. What the journal holds of the job is replaced
	 * by the run directory's rows up to the step the worker continues after: on a resume
	 * those include the steps a node that died trained but never journaled.
	 * @param id the job
	 * @param token its lease's token
	 * @param fromStep the step it continues after: 0, or the snapshot's when resuming
	 * @param steps the run directory's loss history
	 * @param evaluations the run directory's evaluations
	 */
	synchronized void start(String id, String token, long fromStep, List<StepStats> steps, List<Quality> evaluations) {
		Pending pending = new Pending(token);
		pending.restartAt(0);
		steps.stream().filter((row) -> row.step() <= fromStep).forEach(pending.steps::add);
		evaluations.stream().filter((row) -> row.step() <= fromStep).forEach(pending.evaluations::add);
		pending.lastStep = fromStep;
		this.jobs.put(id, pending);
	}

	synchronized void step(String id, StepStats stats) {
		Pending pending = this.jobs.get(id);
		if (pending == null) {
			return;
		}
		if (stats.step() <= pending.lastStep) {
			pending.restartAt(stats.step() - 1);
		}
		pending.lastStep = stats.step();
		if (pending.steps.size() >= MAX_PENDING_STEPS) {
			if (!pending.overflowed) {
				log.warn(
						"Job {}: the job database has been away for {} steps; its loss rows are dropped, oldest "
								+ "first, until it is back (the run directory's history.csv has them all)",
						id, MAX_PENDING_STEPS);
				pending.overflowed = true;
			}
			pending.steps.remove(0);
		}
		pending.steps.add(stats);
	}

	synchronized void evaluation(String id, Quality quality) {
		Pending pending = this.jobs.get(id);
		if (pending != null) {
			pending.evaluations.add(quality);
		}
	}

	synchronized void event(JobEvent event) {
		if (this.events.size() >= MAX_PENDING_EVENTS) {
			this.events.removeFirst();
		}
		this.events.add(new SharedJobStore.StoredEvent(0, event.job().id(), event.type(), event.step(), this.node));
	}

	/**
	 * A job is no longer trained here: what it reported is written now, after any flush
	 * in progress and while this node still holds its lease.
	 * @param id the job
	 * @throws JobStoreUnavailableException if the database cannot be reached: the rows
	 * are kept for the next try
	 */
	void finish(String id) {
		synchronized (this.writing) {
			Pending batch;
			synchronized (this) {
				Pending pending = this.jobs.get(id);
				if (pending == null) {
					return;
				}
				batch = pending.take();
			}
			writeOrKeep(id, batch);
			drop(id);
		}
	}

	/** Forgets what a job that another node took over reported here. */
	synchronized void drop(String id) {
		this.jobs.remove(id);
	}

	/**
	 * Writes what is pending; what the database does not take is kept for the next flush.
	 * @throws JobStoreUnavailableException if the database cannot be reached
	 */
	void flush() {
		synchronized (this.writing) {
			Map<String, Pending> batch;
			List<SharedJobStore.StoredEvent> newEvents;
			synchronized (this) {
				batch = new LinkedHashMap<>();
				this.jobs.forEach((id, pending) -> {
					if (pending.hasRows()) {
						batch.put(id, pending.take());
					}
				});
				newEvents = List.copyOf(this.events);
				this.events.clear();
			}
			JobStoreUnavailableException failure = null;
			for (Map.Entry<String, Pending> entry : batch.entrySet()) {
				try {
					writeOrKeep(entry.getKey(), entry.getValue());
				}
				catch (JobStoreUnavailableException ex) {
					failure = ex;
				}
			}
			if (!newEvents.isEmpty()) {
				try {
					this.store.append(newEvents);
				}
				catch (JobStoreUnavailableException ex) {
					failure = ex;
					synchronized (this) {
						for (int i = newEvents.size() - 1; i >= 0 && this.events.size() < MAX_PENDING_EVENTS; i--) {
							this.events.addFirst(newEvents.get(i));
						}
					}
				}
			}
			if (failure != null) {
				throw failure;
			}
		}
	}

	/**
	 * Writes rows taken from a job's pending ones; when the database cannot be reached
	 * they go back in front of those reported since, unless the job was let go meanwhile.
	 */
	private void writeOrKeep(String id, Pending batch) {
		try {
			write(id, batch);
		}
		catch (JobStoreUnavailableException ex) {
			synchronized (this) {
				Pending now = this.jobs.get(id);
				if (now != null) {
					now.prepend(batch);
				}
			}
			throw ex;
		}
	}

	private void write(String id, Pending pending) {
		if (!this.store.journal(id, pending.token, pending.restartAfter, pending.steps, pending.evaluations)) {
			log.warn("Job {}: another node holds it now; its last {} loss rows from here are dropped", id,
					pending.steps.size());
			drop(id);
		}
	}

	/** What one job reported since the last flush. */
	private static final class Pending {

		String token;

		// At least 0: the rows on record after this step are to be replaced.
		long restartAfter = -1;

		long lastStep = Long.MAX_VALUE;

		boolean overflowed;

		final List<StepStats> steps = new ArrayList<>();

		final List<Quality> evaluations = new ArrayList<>();

		Pending(String token) {
			this.token = token;
		}

		boolean hasRows() {
			return this.restartAfter >= 0 || !this.steps.isEmpty() || !this.evaluations.isEmpty();
		}

		/** The worker went back: it trains the steps after {@code step} again. */
		void restartAt(long step) {
			this.restartAfter = (this.restartAfter < 0) ? step : Math.min(this.restartAfter, step);
			this.steps.removeIf((stats) -> stats.step() > step);
			this.evaluations.removeIf((quality) -> quality.step() > step);
			this.lastStep = step;
		}

		/** Moves the rows out, leaving the position. */
		Pending take() {
			Pending taken = new Pending(this.token);
			taken.restartAfter = this.restartAfter;
			taken.steps.addAll(this.steps);
			taken.evaluations.addAll(this.evaluations);
			this.restartAfter = -1;
			this.steps.clear();
			this.evaluations.clear();
			return taken;
		}

		/**
		 * Puts back rows that were not written, before those reported since: an earlier
		 * restart still applies, and of the earlier rows only those the later restart
		 * keeps.
		 */
		void prepend(Pending older) {
			List<StepStats> steps = new ArrayList<>(older.steps);
			List<Quality> evaluations = new ArrayList<>(older.evaluations);
			if (this.restartAfter >= 0) {
				long keep = this.restartAfter;
				steps.removeIf((stats) -> stats.step() > keep);
				evaluations.removeIf((quality) -> quality.step() > keep);
			}
			steps.addAll(this.steps);
			evaluations.addAll(this.evaluations);
			this.steps.clear();
			this.steps.addAll(steps);
			this.evaluations.clear();
			this.evaluations.addAll(evaluations);
			if (older.restartAfter >= 0) {
				this.restartAfter = (this.restartAfter < 0) ? older.restartAfter
						: Math.min(this.restartAfter, older.restartAfter);
			}
		}

	}

}
