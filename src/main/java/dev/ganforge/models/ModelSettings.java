package dev.ganforge.models;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the served models live and how they are found, bound from
 * {@code ganforge.models.*} and checked at start-up.
 *
 * @param dir the models directory: one sub-directory per model, named as the model; a
 * missing directory means no models
 * @param defaultModel the model that serves requests naming none; unset (or absent from
 * the directory) means the first READY model by name
 * @param pollInterval how often the directory is checked for new, replaced and removed
 * models
 */
@ConfigurationProperties("ganforge.models")
@Validated
public record ModelSettings(@NotNull @DefaultValue("models") Path dir, @Pattern(regexp = ModelNames.PATTERN,
		message = "must be a model name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit") String defaultModel,
		@NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration pollInterval) {

}
