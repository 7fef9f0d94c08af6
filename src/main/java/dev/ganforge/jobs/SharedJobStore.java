package dev.ganforge.jobs;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.StepStats;

/**
 * A job store that several nodes use at once (cluster mode): the queue is the store's,
 * not a node's memory. A worker node {@link #claim claims} the oldest queued job under a
 * lease, renews the lease while its worker trains, and names the lease's token in every
 * write; a node whose lease expired (it died, or lost the database for longer than the
 * lease) finds its writes refused. Changes asked by clients on any node are conditional
 * on the state they were asked in, so no node overwrites another's.
 */
interface SharedJobStore extends JobStore {

	/**
	 * A job, as it is now.
	 * @param id its id
	 * @return the job, or empty
	 */
	Optional<Job> find(String id);

	/**
	 * Takes the oldest queued job, skipping those another node is taking at this moment.
	 * @param node the claiming node
	 * @param lease how long the claim holds without renewal
	 * @return the job (still as QUEUED) and the token of its lease, or empty
	 */
	Optional<Claim> claim(String node, Duration lease);

	/**
	 * Writes a job that this node holds.
	 * @param job its new state; a status that is not RUNNING releases the lease
	 * @param token the lease's token
	 * @return false if the lease is no longer this token's: nothing was written
	 */
	boolean save(Job job, String token);

	/**
	 * Extends a lease.
	 * @return false if it is no longer this token's
	 */
	boolean renew(String id, String token, Duration lease);

	/**
	 * Writes a job that no node holds, if it is still in the status the change was asked
	 * in.
	 * @param job its new state
	 * @param expected the status it must have now
	 * @return false if it changed meanwhile: nothing was written
	 */
	boolean saveIf(Job job, JobStatus expected);

	/**
	 * The running jobs whose lease has expired, with the tokens they were held by.
	 * @return them
	 */
	List<Claim> expired();

	/**
	 * Asks the holder of a running job to stop it.
	 * @return false if the job is not running
	 */
	boolean requestCancel(String id);

	/**
	 * Of the jobs a node holds, those a client asked to cancel.
	 * @param node the node
	 * @return their ids
	 */
	Set<String> cancelRequested(String node);

	/**
	 * Appends to the journal of a job this node holds what its worker reported.
	 * @param id the job
	 * @param token the lease's token
	 * @param restartAfter when at least 0, the steps and evaluations on record after this
	 * step are removed first: a resume or rollback trains them again
	 * @param steps the new steps, by step
	 * @param evaluations the new evaluations, by step
	 * @return false if the lease is no longer this token's: nothing was written
	 */
	boolean journal(String id, String token, long restartAfter, List<StepStats> steps, List<Quality> evaluations);

	/**
	 * Appends events, in order.
	 * @param events what happened; their sequence numbers are ignored
	 */
	void append(List<StoredEvent> events);

	/**
	 * The events of some jobs that other nodes published.
	 * @param ids the jobs
	 * @param node this node, whose own events are left out
	 * @param afterSeq only events after this sequence number
	 * @return them, in sequence order
	 */
	List<StoredEvent> events(Collection<String> ids, String node, long afterSeq);

	/**
	 * The sequence number of the newest event.
	 * @return it, or 0 when there is none
	 */
	long lastEventSeq();

	/**
	 * A job event as the journal keeps it; its payload is read from the job's record when
	 * it is relayed.
	 *
	 * @param seq its sequence number, unique and increasing in commit order mostly, not
	 * strictly (concurrent writers can commit out of order)
	 * @param jobId the job
	 * @param type {@link JobEvent}'s type
	 * @param step the step it is about
	 * @param node the node that published it
	 */
	record StoredEvent(long seq, String jobId, String type, long step, String node) {
	}

	/**
	 * A job and the token of the lease it is held or was held under.
	 *
	 * @param job the job
	 * @param token the lease's token
	 */
	record Claim(Job job, String token) {
	}

}
