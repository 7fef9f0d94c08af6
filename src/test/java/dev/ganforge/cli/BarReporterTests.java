package dev.ganforge.cli;

import java.time.Duration;

import dev.ganforge.training.StepStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BarReporter}'s line: it fits the terminal, and what it drops to fit.
 */
class BarReporterTests {

	private static final StepStats STEP = new StepStats(1234, 3, 1.2345f, 0.8765f, 0.6123f, 0.3456f, 0.2987f, 512.3);

	@ParameterizedTest
	@ValueSource(ints = { 40, 60, 80, 100, 119, 159, 300 })
	void theLineFitsTheTerminal(int width) {
		assertThat(BarReporter.line(STEP, 46850, 512.3, Duration.ofSeconds(86399), width))
			.hasSizeLessThanOrEqualTo(width);
	}

	@Test
	void aWideTerminalShowsEverythingWithTheFullBar() {
		String line = BarReporter.line(STEP, 46850, 512.3, Duration.ofSeconds(3723), 200);
		assertThat(line).startsWith("[" + ".".repeat(30) + "] 1234/46850  ep 3  lossD 1.235  lossG 0.877")
			.contains("D(x) 0.612", "D(G(z)) 0.346/0.299", "512 img/s", "ETA 1:02:03");
	}

	@Test
	void aNarrowTerminalKeepsTheStepTheLossesAndTheEta() {
		String line = BarReporter.line(STEP, 46850, 512.3, Duration.ofSeconds(3723), 79);
		assertThat(line).contains("1234/46850", "lossD 1.235", "lossG 0.877", "ETA 1:02:03").doesNotContain("D(G(z))");
		assertThat(line).matches("\\[[#.]{10,30}\\] .*");
	}

	@Test
	void columnsComeFromTheEnvironmentWhenSensible() {
		assertThat(TerminalWidth.parse("120")).isEqualTo(120);
		assertThat(TerminalWidth.parse(" 90 ")).isEqualTo(90);
		assertThat(TerminalWidth.parse("0")).isNull();
		assertThat(TerminalWidth.parse("wide")).isNull();
		assertThat(TerminalWidth.parse(null)).isNull();
	}

}
