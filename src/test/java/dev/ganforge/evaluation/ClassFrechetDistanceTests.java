package dev.ganforge.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassFrechetDistanceTests {

	@Test
	void eachClassIsMeasuredAgainstTheRealImagesOfThatClassOnly() {
		Random random = new Random(3);
		int perClass = 400;
		// Real: class 0 around (0, 0), class 1 around (10, 0). Fake: class 0 right, class
		// 1
		// drawn where class 0 is, i.e. the model ignored the class it was asked for.
		double[][] real = new double[2 * perClass][];
		int[] labels = new int[2 * perClass];
		double[][] fake = new double[2 * perClass][];
		int[] requested = new int[2 * perClass];
		for (int i = 0; i < 2 * perClass; i++) {
			int c = i % 2;
			labels[i] = c;
			requested[i] = c;
			real[i] = new double[] { 10 * c + random.nextGaussian(), random.nextGaussian() };
			fake[i] = new double[] { random.nextGaussian(), random.nextGaussian() };
		}
		ClassFrechetDistance fd = ClassFrechetDistance.of(List.of("circle", "square"), requested, fake, labels, real);
		assertThat(fd.byClass().get(0)).isCloseTo(0, within(0.1));
		// The squared distance of the means dominates: 10^2.
		assertThat(fd.byClass().get(1)).isCloseTo(100, within(5.0));
		assertThat(fd.worstClass()).isEqualTo("square");
		Map<String, Object> metrics = fd.manifestMetrics();
		assertThat(metrics).containsEntry("fdWorstClass", "square").containsKey("fdByClass");
	}

	@Test
	void aClassWithoutImagesOnASideHasNoDistance() {
		double[][] points = { { 0, 0 }, { 1, 1 }, { 2, 0 } };
		ClassFrechetDistance fd = ClassFrechetDistance.of(List.of("a", "b"), new int[] { 0, 0, 0 }, points,
				new int[] { 0, 0, 1 }, points);
		assertThat(fd.byClass().get(1)).isNull();
		assertThat(fd.worstClass()).isEqualTo("a");
	}

}
