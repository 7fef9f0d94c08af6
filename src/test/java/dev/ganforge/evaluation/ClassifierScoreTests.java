package dev.ganforge.evaluation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassifierScoreTests {

	@Test
	void isOneWhenEveryImageGetsTheSamePrediction() {
		double[][] p = new double[50][];
		for (int i = 0; i < p.length; i++) {
			p[i] = new double[] { 0.7, 0.2, 0.1 };
		}
		assertThat(ClassifierScore.of(p)).isCloseTo(1.0, within(1e-12));
	}

	@Test
	void isTheNumberOfClassesForConfidentEquallyFrequentPredictions() {
		double[][] p = new double[100][10];
		for (int i = 0; i < p.length; i++) {
			p[i][i % 10] = 1.0;
		}
		assertThat(ClassifierScore.of(p)).isCloseTo(10.0, within(1e-9));
	}

	@Test
	void liesBetweenForUnsureOrUnbalancedPredictions() {
		double[][] p = new double[100][10];
		for (int i = 0; i < p.length; i++) {
			// only three classes, each 90% sure
			int c = i % 3;
			for (int j = 0; j < 10; j++) {
				p[i][j] = (j == c) ? 0.91 : 0.01;
			}
		}
		assertThat(ClassifierScore.of(p)).isGreaterThan(1.0).isLessThan(3.0);
	}

}
