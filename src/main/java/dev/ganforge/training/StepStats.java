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

}
