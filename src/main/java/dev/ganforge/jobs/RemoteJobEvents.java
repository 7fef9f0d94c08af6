package dev.ganforge.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Cluster mode: the events of jobs that another node runs, for the streams open on this
 * node. Each second the store's state of every watched job is compared with the last one
 * seen, and each difference is published as the event the running node published (status,
 * progress, warning, evaluation), so that {@code /jobs/{id}/events} works on any node
 * without sticky sessions. Sample and snapshot events stay on the running node.
 */
final class RemoteJobEvents {

	private final Map<String, Job> seen = new HashMap<>();

	/**
	 * Publishes what changed since the last poll.
	 * @param store the shared store
	 * @param watched the jobs with open streams here
	 * @param records the records, to skip the jobs held here and to publish
	 */
	void poll(SharedJobStore store, Set<String> watched, JobRecords records) {
		this.seen.keySet().retainAll(watched);
		for (String id : watched) {
			if (records.holds(id)) {
				this.seen.remove(id);
				continue;
			}
			Optional<Job> now = store.find(id);
			if (now.isEmpty()) {
				continue;
			}
			Job job = now.get();
			Job before = this.seen.put(id, job);
			if (before == null) {
				// The stream began with the job's state when it opened.
				continue;
			}
			if (job.progress().step() != before.progress().step()) {
				records.publish(JobEvent.PROGRESS, job, job.progress().step());
			}
			if (job.warnings().size() > before.warnings().size()) {
				records.publish(JobEvent.WARNING, job, job.progress().step());
			}
			if (job.quality() != null && !Objects.equals(job.quality(), before.quality())) {
				records.publish(JobEvent.EVALUATION, job, job.quality().latest().step());
			}
			if (job.status() != before.status() || job.cancelRequested() != before.cancelRequested()) {
				records.publish(JobEvent.STATUS, job, job.progress().step());
			}
		}
	}

}
