package dev.ganforge.jobs;

/**
 * Something happened to a job, published as a Spring application event (for the events
 * stream and the meters).
 *
 * @param type {@code status} (the status or its record changed), {@code progress} (a step
 * completed: {@link Job#latest()} holds it), {@code samples} (a new sample grid at
 * {@code step}), {@code snapshot} (a snapshot at {@code step}) or {@code evaluation} (FD
 * and KID at {@code step}, in {@link Job#quality()})
 * @param job the job after the change
 * @param step the step a samples or snapshot event is about; the progress step otherwise
 */
public record JobEvent(String type, Job job, long step) {

	/** Type of a change of status or record. */
	public static final String STATUS = "status";

	/** Type of a completed step. */
	public static final String PROGRESS = "progress";

	/** Type of a new sample grid. */
	public static final String SAMPLES = "samples";

	/** Type of a divergence warning. */
	public static final String WARNING = "warning";

	/** Type of an evaluation: {@link Job#quality()} holds it. */
	public static final String EVALUATION = "evaluation";

	/** Type of a new snapshot. */
	public static final String SNAPSHOT = "snapshot";

}
