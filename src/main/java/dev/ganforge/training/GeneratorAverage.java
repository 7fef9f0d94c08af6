package dev.ganforge.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.nn.Networks;

/**
 * An exponential moving average of the generator's weights (Karras et al. 2018; Yazici et
 * al. 2019): after every G update, {@code avg = decay * avg + (1 - decay) * g}. It starts
 * as a copy of the initial G.
 *
 * <p>
 * BatchNorm running statistics are copied from the live G, not averaged, as stylegan2-ada
 * copies buffers into {@code G_ema}. They are what eval mode normalises with, and the
 * live G's are the only ones measured on real activations; with a decay near 1 the
 * averaged weights are close enough to the live ones for them to fit. The average is only
 * ever run in eval mode, exactly as it is served.
 */
final class GeneratorAverage {

	private final Block average;

	GeneratorAverage(NetworkSpec spec, NDManager manager) {
		this.average = Networks.generator(spec);
		// Every value is copied from the live G before the average is used.
		Networks.allocateGenerator(this.average, spec, manager);
		// Never trained: its weights are written in place, which autograd forbids on
		// arrays that require gradients.
		this.average.freezeParameters(true);
	}

	/**
	 * The averaged generator.
	 * @return the block, for eval-mode forward passes and checkpoints
	 */
	Block block() {
		return this.average;
	}

	/**
	 * Sets every weight and statistic to the live generator's.
	 * @param live the generator being trained
	 */
	void copyFrom(Block live) {
		blend(live, 0f);
	}

	/**
	 * Moves the average towards the live generator by {@code 1 - decay}.
	 * @param live the generator being trained, just updated
	 * @param decay the weight the average keeps, in [0, 1)
	 */
	void update(Block live, float decay) {
		blend(live, decay);
	}

	private void blend(Block live, float weight) {
		ParameterList from = live.getParameters();
		ParameterList to = this.average.getParameters();
		for (int i = 0; i < from.size(); i++) {
			Parameter source = from.valueAt(i);
			NDArray target = to.valueAt(i).getArray();
			boolean statistic = source.getType() == Parameter.Type.RUNNING_MEAN
					|| source.getType() == Parameter.Type.RUNNING_VAR;
			float keep = statistic ? 0f : weight;
			// In place, with the temporaries closed at once: the average lives as long as
			// the trainer, and so would anything attached to its manager. Detached, so
			// that the average never joins an autograd graph.
			try (NDArray detached = source.getArray().stopGradient(); NDArray step = detached.mul(1f - keep)) {
				target.muli(keep).addi(step);
			}
		}
		// The evaluation kernel cache of a transposed convolution is keyed by the weight
		// array, which in-place updates keep.
		Networks.clearEvalCaches(this.average);
	}

}
