package dev.ganforge.cli;

import java.nio.file.Path;

import dev.ganforge.evaluation.EvaluationSettings;
import picocli.CommandLine.Option;

/**
 * Where evaluations find feature extractors and cache real-data statistics, shared by the
 * commands that evaluate.
 */
final class EvaluationOptions {

	/**
	 * The most images a command-line evaluation takes per side (the test splits hold
	 * 10,000).
	 */
	static final int MAX_SAMPLES = 10_000;

	@Option(names = "--features-dir", defaultValue = "models/.features",
			description = "Feature extractors, one directory per dataset (default: ${DEFAULT-VALUE})")
	Path featuresDir;

	@Option(names = "--cache-dir", defaultValue = "cache/evaluation",
			description = "Cache of real-data statistics (default: ${DEFAULT-VALUE})")
	Path cacheDir;

	/**
	 * The settings for evaluations of a given size.
	 * @param samples images per side
	 * @return the settings
	 */
	EvaluationSettings settings(int samples) {
		return new EvaluationSettings(this.featuresDir, this.cacheDir, samples, MAX_SAMPLES);
	}

}
