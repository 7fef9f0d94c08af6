package dev.ganforge.training;

/**
 * How a run of the loop ended.
 *
 * @param completed true when every step ran, false when the abort callback stopped it
 * @param steps steps completed over the whole run, resumes included
 * @param last statistics of the last step run in this call, or null if none ran
 * @param divergence the finding that stopped the run, or null
 */
public record TrainingOutcome(boolean completed, long steps, StepStats last, DivergenceMonitor.Divergence divergence) {

	/**
	 * An outcome without a divergence.
	 * @param completed true when every step ran
	 * @param steps steps completed over the whole run
	 * @param last statistics of the last step, or null
	 */
	public TrainingOutcome(boolean completed, long steps, StepStats last) {
		this(completed, steps, last, null);
	}

}
