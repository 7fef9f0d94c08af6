package dev.ganforge.data;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service may read datasets from, bound from {@code ganforge.data.*}.
 *
 * @param roots the data roots, in search order; those that do not exist are ignored
 */
@ConfigurationProperties("ganforge.data")
@Validated
public record DataSettings(@NotEmpty @DefaultValue( {
		"data", "/usr/share/datasets" }) List<Path> roots){

	/**
	 * The roots given on a command line, or the defaults when none were.
	 * @param roots the {@code --data-root} values, possibly null or empty
	 * @return the settings
	 */
	public static DataSettings of(List<Path> roots) {
		return new DataSettings((roots == null || roots.isEmpty()) ? DataRoots.DEFAULT_ROOTS : roots);
	}

	/**
	 * The roots as the loaders use them.
	 * @return the existing roots
	 */
	public DataRoots dataRoots() {
		return new DataRoots(this.roots);
	}

}
