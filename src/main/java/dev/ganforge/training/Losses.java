package dev.ganforge.training;

import ai.djl.ndarray.NDArray;

/**
 * The adversarial losses, on D's logits. Each returns a scalar to minimise.
 *
 * <p>
 * Binary cross-entropy is written with a numerically stable softplus rather than DJL's
 * {@code SigmoidBinaryCrossEntropyLoss}: with {@code fromSigmoid=true} that loss returned
 * -0.1054 instead of 0.1054 for p = 0.9, y = 1 on the PyTorch engine (see
 * {@code LossesTests}).
 */
final class Losses {

	private Losses() {
	}

	/**
	 * softplus(x) = log(1 + e^x), computed as max(x, 0) + log(1 + e^-|x|) so it never
	 * overflows.
	 * @param x logits
	 * @return softplus element-wise
	 */
	static NDArray softplus(NDArray x) {
		return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
	}

	/**
	 * Mean binary cross-entropy of logits against a constant target.
	 * @param logits D's logits
	 * @param target the label, 1 for real, 0 for fake, or a smoothed value in between
	 * @return -mean(y log sigmoid(x) + (1 - y) log(1 - sigmoid(x)))
	 */
	static NDArray bceWithLogits(NDArray logits, float target) {
		// -log sigmoid(x) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x)
		NDArray realTerm = softplus(logits.neg()).mul(target);
		if (target == 1f) {
			return realTerm.mean();
		}
		return realTerm.add(softplus(logits).mul(1f - target)).mean();
	}

	/**
	 * D's loss: BCE on real with the (possibly smoothed) real label plus BCE on fake with
	 * label 0 (hinge: mean(relu(1 - real)) + mean(relu(1 + fake))).
	 * @param loss the objective
	 * @param realLogits D's logits on real images
	 * @param fakeLogits D's logits on generated images
	 * @param realLabel target for real images: 1, or e.g. 0.9 with one-sided label
	 * smoothing
	 * @return the scalar loss
	 */
	static NDArray discriminatorLoss(GanLoss loss, NDArray realLogits, NDArray fakeLogits, float realLabel) {
		if (loss == GanLoss.HINGE) {
			return realLogits.neg().add(1f).maximum(0f).mean().add(fakeLogits.add(1f).maximum(0f).mean());
		}
		return bceWithLogits(realLogits, realLabel).add(bceWithLogits(fakeLogits, 0f));
	}

	/**
	 * G's loss on D's logits for generated images.
	 * @param loss the objective
	 * @param fakeLogits D's logits on G(z)
	 * @return non-saturating: -mean(log D(G(z))); minimax: mean(log(1 - D(G(z)))); hinge:
	 * -mean(D(G(z)))
	 */
	static NDArray generatorLoss(GanLoss loss, NDArray fakeLogits) {
		return switch (loss) {
			case NON_SATURATING -> bceWithLogits(fakeLogits, 1f);
			// log(1 - sigmoid(x)) = -softplus(x)
			case MINIMAX -> softplus(fakeLogits).neg().mean();
			case HINGE -> fakeLogits.mean().neg();
		};
	}

}
