package dev.ganforge.training;

import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The divergence monitor on constructed evidence: what it must find and what it must not.
 */
class DivergenceMonitorTests {

	private static StepStats step(long step, float dReal, float dFake, float lossG) {
		return new StepStats(step, 0, 0.01f, lossG, dReal, dFake, dFake, 100);
	}

	@Test
	void aWinningDiscriminatorWithAClimbingGeneratorLossIsFoundOnceAWindowIsFull() {
		DivergenceMonitor monitor = new DivergenceMonitor(20);
		Optional<DivergenceMonitor.Divergence> finding = Optional.empty();
		for (int s = 1; s <= 20; s++) {
			assertThat(finding).as("nothing before the window is full").isEmpty();
			finding = monitor.observe(step(s, 0.998f, 0.002f, 4f + 0.2f * s));
		}
		assertThat(finding).isPresent();
		assertThat(finding.get().kind()).isEqualTo("discriminator-wins");
		assertThat(finding.get().step()).isEqualTo(20);
		assertThat(finding.get().lastGoodStep()).isZero();
		assertThat(finding.get().evidence()).contains("steps 1-20", "D(x) = 0.9980", "D(G(z)) = 0.0020");
		assertThat(monitor.observe(step(21, 0.998f, 0.002f, 9f))).as("evidence starts afresh").isEmpty();
	}

	@Test
	void aConfidentDiscriminatorAloneIsNotDivergence() {
		DivergenceMonitor monitor = new DivergenceMonitor(20);
		for (int s = 1; s <= 100; s++) {
			// G's loss falls: G is still learning from a confident D.
			assertThat(monitor.observe(step(s, 0.998f, 0.002f, 8f - 0.05f * s))).isEmpty();
		}
		for (int s = 101; s <= 200; s++) {
			// A healthy game: D unsure.
			assertThat(monitor.observe(step(s, 0.7f, 0.3f, 1f + 0.01f * s))).isEmpty();
		}
	}

	@Test
	void samplesThatCollapseOntoOneImageAreFoundAfterTheWarmUp() {
		DivergenceMonitor monitor = new DivergenceMonitor(20);
		Random random = new Random(1);
		int count = 16;
		int length = 64;
		float[] diverse = new float[count * length];
		for (int i = 0; i < diverse.length; i++) {
			diverse[i] = (float) (random.nextGaussian() * 0.5);
		}
		float[] collapsed = new float[count * length];
		for (int i = 0; i < collapsed.length; i++) {
			collapsed[i] = diverse[i % length] + (float) (random.nextGaussian() * 0.01);
		}
		// An untrained G is near-constant too: collapse is not judged during the warm-up.
		assertThat(monitor.observeSamples(100, collapsed, count)).isEmpty();
		assertThat(monitor.observeSamples(200, diverse, count)).isEmpty();
		assertThat(monitor.observeSamples(300, diverse, count)).isEmpty();
		Optional<DivergenceMonitor.Divergence> finding = monitor.observeSamples(400, collapsed, count);
		assertThat(finding).isPresent();
		assertThat(finding.get().kind()).isEqualTo("mode-collapse");
		assertThat(finding.get().step()).isEqualTo(400);
		assertThat(finding.get().lastGoodStep()).as("the last diverse grid").isEqualTo(300);
		assertThat(monitor.observeSamples(500, collapsed, count)).as("reported once").isEmpty();
	}

	@Test
	void fdRisingAtEachOfTheLastKEvaluationsIsFoundWithItsEvidence() {
		DivergenceMonitor monitor = new DivergenceMonitor(20, 3);
		// Falling, then a dip that breaks the first rise, then three rises in a row.
		assertThat(monitor.observeEvaluation(100, 90.0)).isEmpty();
		assertThat(monitor.observeEvaluation(200, 60.0)).isEmpty();
		assertThat(monitor.observeEvaluation(300, 70.0)).isEmpty();
		assertThat(monitor.observeEvaluation(400, 65.0)).isEmpty();
		assertThat(monitor.observeEvaluation(500, 66.0)).isEmpty();
		assertThat(monitor.observeEvaluation(600, 66.0)).as("equal is not a rise").isEmpty();
		assertThat(monitor.observeEvaluation(700, 67.0)).isEmpty();
		assertThat(monitor.observeEvaluation(800, 68.0)).isEmpty();
		DivergenceMonitor.Divergence finding = monitor.observeEvaluation(900, 75.5).orElseThrow();
		assertThat(finding.kind()).isEqualTo("fd-rising");
		assertThat(finding.step()).isEqualTo(900);
		// The rise began at step 600: that is the last good step, where a rollback goes.
		assertThat(finding.lastGoodStep()).isEqualTo(600);
		assertThat(finding.evidence()).contains("66.00 at step 600", "67.00 at step 700", "68.00 at step 800",
				"75.50 at step 900", "last 3 evaluations");
		// The evidence starts afresh: one more rise alone is no new finding.
		assertThat(monitor.observeEvaluation(1000, 80.0)).isEmpty();
	}

	@Test
	void aClassBelowAQuarterOfItsRealShareIsAClassCollapseSinceTheLastEvaluation() {
		DivergenceMonitor monitor = new DivergenceMonitor(10);
		assertThat(monitor.observeClassBalance(500, "Coat", 0.6)).isEmpty();
		assertThat(monitor.observeClassBalance(1000, "Coat", 0.25)).as("at the limit is not below it").isEmpty();
		assertThat(monitor.observeClassBalance(1200, null, null)).as("no classes, no finding").isEmpty();
		DivergenceMonitor.Divergence finding = monitor.observeClassBalance(1500, "Coat", 0.04).orElseThrow();
		assertThat(finding.kind()).isEqualTo("class-collapse");
		assertThat(finding.step()).isEqualTo(1500);
		assertThat(finding.lastGoodStep()).isEqualTo(1200);
		assertThat(finding.evidence()).contains("'Coat'").contains("4%").contains("25%");
	}

	@Test
	void fdRisingNeedsKRisesAndIsForgottenOnReset() {
		DivergenceMonitor monitor = new DivergenceMonitor(20, 2);
		assertThat(monitor.observeEvaluation(10, 1.0)).isEmpty();
		assertThat(monitor.observeEvaluation(20, 2.0)).isEmpty();
		monitor.reset();
		assertThat(monitor.observeEvaluation(30, 3.0)).isEmpty();
		assertThat(monitor.observeEvaluation(40, 4.0)).isEmpty();
		assertThat(monitor.observeEvaluation(50, 5.0)).hasValueSatisfying((f) -> assertThat(f.window()).isEqualTo(20));
	}

	@Test
	void meanPairwiseDistanceIsPerPixel() {
		// Two images of 4 pixels, differing by 2 in each: distance sqrt(4 * 4 / 4) = 2.
		float[] images = { 0, 0, 0, 0, 2, 2, 2, 2 };
		assertThat(DivergenceMonitor.meanPairwiseDistance(images, 2)).isEqualTo(2.0);
	}

	@Test
	void resetForgetsTheEvidence() {
		DivergenceMonitor monitor = new DivergenceMonitor(10);
		for (int s = 1; s <= 9; s++) {
			monitor.observe(step(s, 0.999f, 0.001f, s));
		}
		monitor.reset();
		assertThat(monitor.observe(step(10, 0.999f, 0.001f, 10))).isEmpty();
	}

	@Test
	void aWindowTooShortToJudgeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DivergenceMonitor(9))
			.withMessageContaining("divergenceWindow");
	}

}
