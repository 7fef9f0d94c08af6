package dev.ganforge.training;

/**
 * What one training step measured: the pytorch/examples DCGAN log set.
 *
 * @param step the step just completed, counting from 1 over the whole run (resumes
 * continue it)
 * @param epoch the pass over the data the step belongs to, from 0
 * @param lossD D's loss on the real and fake batch
 * @param lossG G's loss
 * @param dReal mean D(x) on the real batch, a probability
 * @param dFakeBefore mean D(G(z)) before D's update
 * @param dFakeAfter mean D(G(z)) after D's update, during G's step
 * @param imagesPerSecond real images consumed per second in this step
 */
public record StepStats(long step, int epoch, float lossD, float lossG, float dReal, float dFakeBefore,
		float dFakeAfter, double imagesPerSecond) {

	/**
	 * Whether both losses are finite numbers.
	 * @return false on NaN or infinity
	 */
	public boolean isFinite() {
		return Float.isFinite(this.lossD) && Float.isFinite(this.lossG);
	}

	/** The header of a history file: one {@link #toCsvRow()} per step below it. */
	public static final String CSV_HEADER = "step,epoch,lossD,lossG,dReal,dFakeBefore,dFakeAfter,imagesPerSecond";

	/**
	 * This step as a row of a history file.
	 * @return the comma-separated values, in {@link #CSV_HEADER}'s order, with a newline
	 */
	public String toCsvRow() {
		return String.format(java.util.Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f%n", this.step, this.epoch,
				this.lossD, this.lossG, this.dReal, this.dFakeBefore, this.dFakeAfter, this.imagesPerSecond);
	}

	/**
	 * Reads a row of a history file.
	 * @param row the comma-separated values, as {@link #toCsvRow()} writes them
	 * @return the statistics
	 * @throws IllegalArgumentException if the row has not 8 numbers
	 */
	public static StepStats parseCsvRow(String row) {
		String[] f = row.strip().split(",");
		if (f.length != 8) {
			throw new IllegalArgumentException("A history row has 8 values, this has " + f.length + ": " + row);
		}
		return new StepStats(Long.parseLong(f[0]), Integer.parseInt(f[1]), Float.parseFloat(f[2]),
				Float.parseFloat(f[3]), Float.parseFloat(f[4]), Float.parseFloat(f[5]), Float.parseFloat(f[6]),
				Double.parseDouble(f[7]));
	}

}
