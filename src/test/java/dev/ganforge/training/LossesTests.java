package dev.ganforge.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.SigmoidBinaryCrossEntropyLoss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LossesTests {

	/** -ln(0.9), the cross-entropy of p = 0.9 against label 1, computed by hand. */
	private static final float BCE_P09_Y1 = 0.1053605f;

	private NDManager manager;

	@BeforeEach
	void open() {
		this.manager = NDManager.newBaseManager("PyTorch");
	}

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void bceOnLogitsMatchesHandComputedValue() {
		NDArray logit = logitOf(0.9);
		assertThat(Losses.bceWithLogits(logit, 1f).getFloat()).isCloseTo(BCE_P09_Y1, within(1e-6f));
		// label 0: -ln(1 - 0.9) = ln 10
		assertThat(Losses.bceWithLogits(logit, 0f).getFloat()).isCloseTo((float) Math.log(10), within(1e-5f));
	}

	@Test
	void djlBceAgreesOnLogitsButNotOnProbabilities() {
		NDArray label = this.manager.create(new float[] { 1f });
		SigmoidBinaryCrossEntropyLoss onLogits = new SigmoidBinaryCrossEntropyLoss("bce", 1f, false);
		assertThat(onLogits.evaluate(new NDList(label), new NDList(logitOf(0.9))).getFloat()).isCloseTo(BCE_P09_Y1,
				within(1e-6f));
		// The pitfall seen in the spike, kept as a guard: fromSigmoid=true returns the
		// wrong sign on
		// the PyTorch engine. If DJL fixes it this test fails, and we can reconsider
		// DJL's loss.
		SigmoidBinaryCrossEntropyLoss onProbabilities = new SigmoidBinaryCrossEntropyLoss("bce", 1f, true);
		float probabilityLoss = onProbabilities
			.evaluate(new NDList(label), new NDList(this.manager.create(new float[] { 0.9f })))
			.getFloat();
		assertThat(probabilityLoss).isCloseTo(-BCE_P09_Y1, within(1e-5f));
	}

	@Test
	void softplusIsStableForLargeLogits() {
		NDArray x = this.manager.create(new float[] { -1000f, 0f, 1000f });
		float[] y = Losses.softplus(x).toFloatArray();
		assertThat(y[0]).isZero();
		assertThat(y[1]).isCloseTo((float) Math.log(2), within(1e-6f));
		assertThat(y[2]).isEqualTo(1000f);
	}

	@Test
	void discriminatorLossSumsRealAndFakeTerms() {
		NDArray real = logitOf(0.9);
		NDArray fake = logitOf(0.2);
		float expected = BCE_P09_Y1 + (float) -Math.log(0.8);
		assertThat(Losses.discriminatorLoss(GanLoss.NON_SATURATING, real, fake, 1f).getFloat()).isCloseTo(expected,
				within(1e-5f));
		// one-sided label smoothing only changes the real term: -(0.9 ln 0.9 + 0.1 ln
		// 0.1)
		float smoothed = (float) (-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) - Math.log(0.8));
		assertThat(Losses.discriminatorLoss(GanLoss.NON_SATURATING, real, fake, 0.9f).getFloat()).isCloseTo(smoothed,
				within(1e-5f));
	}

	@Test
	void generatorLossesHaveThePapersSigns() {
		NDArray fake = logitOf(0.2);
		// non-saturating: -ln D(G(z)) = -ln 0.2
		assertThat(Losses.generatorLoss(GanLoss.NON_SATURATING, fake).getFloat()).isCloseTo((float) -Math.log(0.2),
				within(1e-5f));
		// minimax: ln(1 - D(G(z))) = ln 0.8, negative, and G minimises it
		assertThat(Losses.generatorLoss(GanLoss.MINIMAX, fake).getFloat()).isCloseTo((float) Math.log(0.8),
				within(1e-5f));
		assertThat(Losses.generatorLoss(GanLoss.HINGE, this.manager.create(new float[] { 0.5f, 1.5f })).getFloat())
			.isCloseTo(-1f, within(1e-6f));
	}

	@Test
	void hingeLossForD() {
		NDArray real = this.manager.create(new float[] { 2f, 0.5f });
		NDArray fake = this.manager.create(new float[] { -2f, 0f });
		// real: mean(relu(1 - [2, 0.5])) = 0.25; fake: mean(relu(1 + [-2, 0])) = 0.5
		assertThat(Losses.discriminatorLoss(GanLoss.HINGE, real, fake, 1f).getFloat()).isCloseTo(0.75f, within(1e-6f));
	}

	private NDArray logitOf(double probability) {
		return this.manager.create(new float[] { (float) Math.log(probability / (1 - probability)) });
	}

}
