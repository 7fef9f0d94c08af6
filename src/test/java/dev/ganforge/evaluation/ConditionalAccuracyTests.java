package dev.ganforge.evaluation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConditionalAccuracyTests {

	@Test
	void countsTheImagesClassifiedAsTheyWereAskedForOverallAndPerClass() {
		List<String> classes = List.of("Bag", "Coat", "Shirt");
		int[] requested = { 0, 0, 1, 1, 1, 1, 2, 2 };
		double[][] p = { { .9, .1, 0 }, { .2, .7, .1 }, { 0, .8, .2 }, { 0, .6, .4 }, { .1, .5, .4 }, { .5, .3, .2 },
				{ 0, .1, .9 }, { .3, .4, .3 } };
		ConditionalAccuracy accuracy = ConditionalAccuracy.of(classes, requested, p);
		// Right: image 0 (Bag), 2, 3, 4 (Coat), 6 (Shirt): 5 of 8.
		assertThat(accuracy.overall()).isCloseTo(5 / 8.0, within(1e-12));
		assertThat(accuracy.byClass()).containsExactly(0.5, 0.75, 0.5);
		assertThat(accuracy.worstClass()).isEqualTo("Bag");
		Map<String, Object> metrics = accuracy.manifestMetrics();
		assertThat(metrics).containsEntry("conditionalAccuracy", 5 / 8.0)
			.containsEntry("conditionalAccuracyWorstClass", "Bag");
		assertThat(metrics.get("conditionalAccuracyByClass").toString()).isEqualTo("{Bag=0.5, Coat=0.75, Shirt=0.5}");
	}

	@Test
	void aClassNoImageWasAskedOfHasNoAccuracyAndIsNotTheWorst() {
		ConditionalAccuracy accuracy = ConditionalAccuracy.of(List.of("a", "b"), new int[] { 1, 1 },
				new double[][] { { .9, .1 }, { .1, .9 } });
		assertThat(accuracy.byClass()).containsExactly(null, 0.5);
		assertThat(accuracy.worstClass()).isEqualTo("b");
	}

}
