package dev.ganforge.training;

/**
 * Training produced a loss that is not a finite number. Nothing from that step on is
 * saved.
 */
public class TrainingDivergedException extends RuntimeException {

	private final transient StepStats stats;

	TrainingDivergedException(StepStats stats) {
		super("Training diverged at step " + stats.step() + ": lossD=" + stats.lossD() + ", lossG=" + stats.lossG()
				+ ". No snapshot was written from this step on; resume from the last snapshot with a lower "
				+ "learning rate");
		this.stats = stats;
	}

	/**
	 * The statistics of the step that diverged.
	 * @return the stats
	 */
	public StepStats stats() {
		return this.stats;
	}

}
