package dev.ganforge.evaluation;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where evaluation finds its feature extractors, data and cache, bound from
 * {@code ganforge.evaluation.*} and checked at start-up.
 *
 * @param featuresDir one sub-directory per dataset kind holding its extractor, e.g.
 * {@code models/.features/fashion-mnist}; hidden inside the models directory so that the
 * model registry never lists it
 * @param cacheDir where real-data reference statistics are cached
 * @param defaultSamples generated images per evaluation when a request names no count
 * @param maxSamples the most a request may ask for (the test splits hold 10,000)
 */
@ConfigurationProperties("ganforge.evaluation")
@Validated
public record EvaluationSettings(@NotNull @DefaultValue("models/.features") Path featuresDir,
		@NotNull @DefaultValue("cache/evaluation") Path cacheDir, @Min(10) @DefaultValue("5000") int defaultSamples,
		@Min(10) @Max(10000) @DefaultValue("10000") int maxSamples) {

	/**
	 * The defaults, for the command line.
	 * @return settings with every default
	 */
	public static EvaluationSettings defaults() {
		return new EvaluationSettings(Path.of("models", ".features"), Path.of("cache", "evaluation"), 5000, 10000);
	}

}
