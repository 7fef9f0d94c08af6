package dev.ganforge.evaluation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The class histogram, its entropy, share ratios, recall by class and the CSV row of a
 * light evaluation, on probabilities made by hand.
 */
class ClassBalanceTests {

	private static final List<String> CLASSES = List.of("a", "b", "c", "d");

	@Test
	void aBalancedSetHasTheFullEntropyAndRatiosOfOne() {
		double[][] real = oneHot(0, 1, 2, 3, 0, 1, 2, 3);
		ClassBalance balance = ClassBalance.of(CLASSES, oneHot(3, 2, 1, 0), real, null);
		assertThat(balance.counts()).containsExactly(1, 1, 1, 1);
		assertThat(balance.entropyBits()).isCloseTo(2.0, within(1e-12));
		assertThat(balance.referenceEntropyBits()).isCloseTo(2.0, within(1e-12));
		assertThat(balance.shareRatios()).allSatisfy((r) -> assertThat(r).isCloseTo(1.0, within(1e-12)));
		assertThat(balance.recallByClass()).isNull();
	}

	@Test
	void aMissingClassIsTheWorstWithRatioZeroAndTheEntropyDrops() {
		double[][] real = oneHot(0, 1, 2, 3);
		// Class d never made, a made twice as often as it should be.
		ClassBalance balance = ClassBalance.of(CLASSES, oneHot(0, 0, 1, 2), real, null);
		assertThat(balance.counts()).containsExactly(2, 1, 1, 0);
		assertThat(balance.worstClass()).isEqualTo("d");
		assertThat(balance.worstShareRatio()).isZero();
		assertThat(balance.shareRatios().get(0)).isCloseTo(2.0, within(1e-12));
		// -(1/2 log2 1/2 + 2 * 1/4 log2 1/4) = 1.5
		assertThat(balance.entropyBits()).isCloseTo(1.5, within(1e-12));
	}

	@Test
	void recallByClassCountsTheCoveredRealImagesOfEachClass() {
		double[][] real = oneHot(0, 0, 1, 1, 2, 2, 3, 3);
		boolean[] covered = { true, true, true, false, false, false, true, false };
		ClassBalance balance = ClassBalance.of(CLASSES, oneHot(0, 1, 2, 3), real, covered);
		assertThat(balance.recallByClass()).containsExactly(1.0, 0.5, 0.0, 0.5);
		Map<String, Object> metrics = balance.manifestMetrics();
		assertThat(metrics).containsEntry("worstClass", "a").containsKeys("classEntropyBits", "classCounts");
		assertThat(metrics.get("recallByClass")).isEqualTo(Map.of("a", 1.0, "b", 0.5, "c", 0.0, "d", 0.5));
	}

	@Test
	void aClassTheReferenceLacksHasNoRatioAndIsNeverTheWorst() {
		ClassBalance balance = ClassBalance.of(CLASSES, oneHot(0, 1, 2, 3), oneHot(0, 1, 2, 2), null);
		assertThat(balance.shareRatios().get(3)).isNull();
		assertThat(balance.worstClass()).isEqualTo("c");
		assertThat(balance.worstShareRatio()).isCloseTo(0.5, within(1e-12));
	}

	@Test
	void namesFallBackToNumbersWhenTheyDoNotFitTheClassifier() {
		assertThat(ClassBalance.names(CLASSES, 4)).isEqualTo(CLASSES);
		assertThat(ClassBalance.names(List.of(), 3)).containsExactly("0", "1", "2");
	}

	@Test
	void aLightEvaluationKeepsItsClassBalanceThroughTheCsvAndReadsOldRows() {
		ClassBalance balance = ClassBalance.of(List.of("T-shirt/top", "Ankle boot"), oneHot(0, 0, 0, 1), oneHot(0, 1),
				null);
		Quality quality = Quality.of(500, 2000, 42, "fashion-mnist:test", "fashion-mnist", 12.5, 0.8, 0.1, 3.2,
				balance);
		String row = quality.toCsvRow();
		assertThat(row.split(",", -1)).hasSize(Quality.CSV_HEADER.split(",").length);
		Quality back = Quality.parseCsvRow(row.strip());
		assertThat(back.worstClass()).isEqualTo("Ankle boot");
		assertThat(back.worstClassShareRatio()).isCloseTo(0.5, within(1e-4));
		assertThat(back.classEntropyBits()).isCloseTo(balance.entropyBits(), within(1e-4));
		assertThat(back.classCounts()).containsExactly(Map.entry("T-shirt/top", 3), Map.entry("Ankle boot", 1));
		assertThat(back.manifestMetrics()).containsEntry("worstClass", "Ankle boot").containsKey("classCounts");

		Quality old = Quality.parseCsvRow("10,55.5,1.5,0.2,200,0,fashion-mnist:test,fashion-mnist,1.250");
		assertThat(old.fd()).isEqualTo(55.5);
		assertThat(old.classEntropyBits()).isNull();
		assertThat(old.worstClass()).isNull();
		assertThat(old.classCounts()).isEmpty();
		assertThat(old.manifestMetrics()).doesNotContainKeys("worstClass", "classCounts");
	}

	private static double[][] oneHot(int... labels) {
		double[][] p = new double[labels.length][CLASSES.size()];
		for (int i = 0; i < labels.length; i++) {
			for (int c = 0; c < CLASSES.size(); c++) {
				p[i][c] = (c == labels[i]) ? 0.7 : 0.1;
			}
		}
		return p;
	}

}
