package dev.ganforge.jobs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cluster mode: the events of jobs that other nodes change, for the streams open on this
 * node, so that {@code /jobs/{id}/events} works on any node without sticky sessions. Each
 * second:
 * <ul>
 * <li>every event other nodes journaled for a watched job (status, samples, snapshot,
 * warning, evaluation) is published here, its payload read from the job's record;</li>
 * <li>progress, which is state rather than history, is published when the step in the
 * record of a job running on another node has moved.</li>
 * </ul>
 * Sequence numbers can commit out of order, so each poll reads {@link #LOOKBACK} numbers
 * back as well and skips what it has published already.
 */
final class RemoteJobEvents {

	/** How far back each poll reads for events that committed late. */
	static final long LOOKBACK = 1000;

	// Per watched job: the newest event when its stream opened here; older ones are not
	// its stream's.
	private final Map<String, Long> watchedSince = new HashMap<>();

	private final Map<String, Long> progressSeen = new HashMap<>();

	private final Set<Long> published = new HashSet<>();

	private long newest = -1;

	/**
	 * Publishes what changed since the last poll.
	 * @param store the shared store
	 * @param node this node, whose own events its streams have had
	 * @param watched the jobs with open streams here
	 * @param records the records, to skip the progress of jobs held here and to publish
	 */
	void poll(SharedJobStore store, String node, Set<String> watched, JobRecords records) {
		this.watchedSince.keySet().retainAll(watched);
		this.progressSeen.keySet().retainAll(watched);
		if (watched.isEmpty()) {
			return;
		}
		if (this.newest < 0 || !this.watchedSince.keySet().containsAll(watched)) {
			this.newest = Math.max(this.newest, store.lastEventSeq());
			for (String id : watched) {
				this.watchedSince.putIfAbsent(id, this.newest);
			}
		}
		Map<String, Optional<Job>> jobs = new HashMap<>();
		for (SharedJobStore.StoredEvent event : store.events(watched, node, Math.max(0, this.newest - LOOKBACK))) {
			this.newest = Math.max(this.newest, event.seq());
			if (event.seq() <= this.watchedSince.getOrDefault(event.jobId(), Long.MAX_VALUE)
					|| !this.published.add(event.seq())) {
				continue;
			}
			Optional<Job> job = jobs.computeIfAbsent(event.jobId(), store::find);
			job.ifPresent((j) -> records.relay(event.type(), j, event.step()));
		}
		long oldest = this.newest - LOOKBACK;
		this.published.removeIf((seq) -> seq <= oldest);
		for (String id : watched) {
			if (records.holds(id)) {
				this.progressSeen.remove(id);
				continue;
			}
			Optional<Job> job = jobs.computeIfAbsent(id, store::find);
			if (job.isEmpty()) {
				continue;
			}
			long step = job.get().progress().step();
			Long before = this.progressSeen.put(id, step);
			if (before != null && before != step) {
				records.relay(JobEvent.PROGRESS, job.get(), step);
			}
		}
	}

}
