package dev.ganforge.jobs;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Every job's latest state, in memory for reads and in the {@link JobStore} for restarts,
 * and the events that announce each change. Whoever changes a job holds {@link #lock}.
 *
 * <p>
 * With a {@link SharedJobStore} (cluster mode) the store is the truth and other nodes
 * change it too: memory holds only the jobs this node's workers run, under their leases,
 * and every read of another job goes to the store.
 *
 * <p>
 * Two kinds of change: one a client asks for ({@link #request}) reaches the disk first,
 * so that a write that fails changes nothing and the client hears so; one the service saw
 * happen ({@link #record}) holds in memory at once and reaches the disk as soon as the
 * disk takes it, retried every second ({@link #saveUnsaved}), so that a job the API shows
 * as FAILED is never left QUEUED on disk to run after a restart.
 */
final class JobRecords {

	private static final Logger log = LoggerFactory.getLogger(JobRecords.class);

	/** Guards every change of a job's state, here and in the queue and supervisor. */
	final Object lock = new Object();

	private final JobStore store;

	private final JobFiles files;

	private final ApplicationEventPublisher events;

	private final Clock clock = Clock.systemUTC();

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	// Cluster mode: the store every node shares, and the leases of the jobs held here.
	private final SharedJobStore shared;

	private final Map<String, String> leases = new ConcurrentHashMap<>();

	private final JobJournal journal;

	private Consumer<String> leaseLost = (id) -> {
	};

	// Jobs whose latest state is not yet in their record.
	private final Set<String> unsaved = new HashSet<>();

	/**
	 * @param store where the records are
	 * @param files the jobs directory
	 * @param events where changes are announced
	 * @param node this node's id, which its events carry in cluster mode
	 */
	JobRecords(JobStore store, JobFiles files, ApplicationEventPublisher events, String node) {
		this.store = store;
		this.files = files;
		this.shared = (store instanceof SharedJobStore cluster) ? cluster : null;
		this.journal = (this.shared != null) ? new JobJournal(this.shared, node) : null;
		this.events = events;
	}

	JobStore store() {
		return this.store;
	}

	JobFiles files() {
		return this.files;
	}

	Instant now() {
		return this.clock.instant();
	}

	/** The shared store of cluster mode, or empty in the embedded mode. */
	Optional<SharedJobStore> shared() {
		return Optional.ofNullable(this.shared);
	}

	/**
	 * The journal of cluster mode, where this node's jobs append their steps, evaluations
	 * and events; empty in the embedded mode, where the run directory has them.
	 */
	Optional<JobJournal> journal() {
		return Optional.ofNullable(this.journal);
	}

	/**
	 * Keeps a job this node claimed in memory; its writes go out under the lease.
	 * @param job the claimed job
	 * @param token its lease's token
	 */
	void hold(Job job, String token) {
		this.leases.put(job.id(), token);
		this.jobs.put(job.id(), job);
	}

	/** Forgets a job this node held, once its final state is written. */
	void release(String id) {
		if (this.leases.remove(id) != null) {
			this.jobs.remove(id);
			this.journal.drop(id);
		}
	}

	boolean holds(String id) {
		return this.leases.containsKey(id);
	}

	/** The lease's token of a job held here. */
	String lease(String id) {
		return this.leases.get(id);
	}

	/**
	 * Told, with the job's id, when a write finds that another node took the job over.
	 */
	void onLeaseLost(Consumer<String> listener) {
		this.leaseLost = listener;
	}

	/**
	 * A job.
	 * @throws JobNotFoundException if there is no such job
	 */
	Job get(String id) {
		Job job = JobFiles.isId(id) ? this.jobs.get(id) : null;
		if (job == null && this.shared != null && JobFiles.isId(id)) {
			job = this.shared.find(id).orElse(null);
		}
		if (job == null) {
			throw JobNotFoundException.job(id);
		}
		return job;
	}

	/** A job that is known to exist, or null after all. */
	Job find(String id) {
		return this.jobs.get(id);
	}

	/** The jobs, newest first; only those in a status unless it is null. */
	List<Job> list(JobStatus status) {
		return all().stream()
			.filter((job) -> status == null || job.status() == status)
			.sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed())
			.toList();
	}

	/** The oldest queued job: the next to run. */
	Optional<Job> nextQueued() {
		return this.jobs.values()
			.stream()
			.filter((job) -> job.status() == JobStatus.QUEUED)
			.min(Comparator.comparing(Job::createdAt).thenComparing(Job::id));
	}

	long count(JobStatus status) {
		return all().stream().filter((job) -> job.status() == status).count();
	}

	Map<JobStatus, Long> counts() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			counts.put(status, 0L);
		}
		all().forEach((job) -> counts.merge(job.status(), 1L, Long::sum));
		return counts;
	}

	int size() {
		return all().size();
	}

	/**
	 * Every job: those held here as memory has them, the others as the store has them.
	 */
	private Collection<Job> all() {
		if (this.shared == null) {
			return this.jobs.values();
		}
		Map<String, Job> all = new HashMap<>();
		this.store.loadAll().forEach((job) -> all.put(job.id(), job));
		all.putAll(this.jobs);
		return all.values();
	}

	/**
	 * A new job, on record with its directories before it may be queued: all or nothing.
	 * @throws InsufficientStorageException if the jobs directory refuses the write
	 * @throws JobStoreUnavailableException if the database cannot be reached
	 */
	void create(Job job) {
		try {
			this.files.prepare(job.id());
		}
		catch (UncheckedIOException ex) {
			throw unrecorded(job.id(), "submitted", ex);
		}
		try {
			this.store.create(job);
		}
		catch (UncheckedIOException ex) {
			this.files.remove(job.id(), ex);
			throw unrecorded(job.id(), "submitted", ex);
		}
		catch (RuntimeException ex) {
			this.files.remove(job.id(), ex);
			throw ex;
		}
		if (this.shared == null) {
			this.jobs.put(job.id(), job);
		}
		publish(JobEvent.STATUS, job, job.progress().step());
	}

	/**
	 * A change a client asked for: on record first, and in cluster mode only if no other
	 * node changed the job meanwhile.
	 * @param job the job as changed
	 * @param expected the status the change was asked in
	 * @param verb what the client asked, e.g. {@code cancel}
	 * @param action what was done, e.g. {@code cancelled}
	 * @throws InsufficientStorageException if the record cannot be written
	 * @throws JobStoreUnavailableException if the database cannot be reached
	 * @throws JobStateException if another node changed the job meanwhile
	 */
	Job request(Job job, JobStatus expected, String verb, String action) {
		try {
			if (this.shared == null) {
				this.store.save(job);
			}
			else if (!this.shared.saveIf(job, expected)) {
				Job now = get(job.id());
				throw new JobStateException(now, verb, expected.name());
			}
		}
		catch (UncheckedIOException ex) {
			throw unrecorded(job.id(), action, ex);
		}
		this.unsaved.remove(job.id());
		if (this.shared == null) {
			this.jobs.put(job.id(), job);
		}
		publish(JobEvent.STATUS, job, job.progress().step());
		return job;
	}

	/** A fact the service saw happen: true whatever the disk says. */
	Job record(Job job, String type) {
		this.jobs.put(job.id(), job);
		save(job);
		publish(type, job, job.progress().step());
		return job;
	}

	/** A change kept in memory only, until the next {@link #save}. */
	void update(Job job) {
		this.jobs.put(job.id(), job);
	}

	/** Writes a job's record, or remembers that it is behind. */
	void save(Job job) {
		try {
			String token = this.leases.get(job.id());
			if (token == null) {
				this.store.save(job);
			}
			else {
				if (job.status() != JobStatus.RUNNING) {
					// Its last rows go out while the lease is still this node's.
					this.journal.finish(job.id());
				}
				if (!this.shared.save(job, token)) {
					log.warn("Job {}: another node took it over (its lease expired); this node lets it go", job.id());
					this.unsaved.remove(job.id());
					this.leaseLost.accept(job.id());
					return;
				}
			}
			this.unsaved.remove(job.id());
		}
		catch (UncheckedIOException | JobStoreUnavailableException ex) {
			if (this.unsaved.add(job.id())) {
				log.error("Job {}: cannot save its record, kept in memory and retried every second: {}", job.id(),
						ex.getMessage());
			}
		}
	}

	void saveUnsaved() {
		for (String id : List.copyOf(this.unsaved)) {
			Job job = this.jobs.get(id);
			if (job != null) {
				save(job);
			}
			else {
				this.unsaved.remove(id);
			}
		}
	}

	/**
	 * Announces a change here, and in cluster mode (progress aside) to the other nodes'
	 * streams through the journal.
	 */
	void publish(String type, Job job, long step) {
		JobEvent event = new JobEvent(type, job, step);
		this.events.publishEvent(event);
		if (this.journal != null && !JobEvent.PROGRESS.equals(type)) {
			this.journal.event(event);
		}
	}

	/** Announces here a change that another node published. */
	void relay(String type, Job job, long step) {
		this.events.publishEvent(new JobEvent(type, job, step));
	}

	/** Every job on record, read once at start-up. */
	List<Job> load() {
		return this.store.loadAll();
	}

	/** An id no job has, here or on disk. */
	String newId() {
		while (true) {
			String time = Long.toString(now().getEpochSecond(), 36);
			String id = "0".repeat(Math.max(0, 8 - time.length())) + time + "-"
					+ String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
			if (!this.jobs.containsKey(id) && !Files.exists(this.files.jobDir(id))) {
				return id;
			}
		}
	}

	private static InsufficientStorageException unrecorded(String id, String action, UncheckedIOException ex) {
		log.error("Job {} could not be {}: its record cannot be written", id, action, ex);
		return new InsufficientStorageException("The job could not be " + action + ": the jobs directory refused "
				+ "the write (out of space or inodes). Nothing changed; try again once it has room.");
	}

}
