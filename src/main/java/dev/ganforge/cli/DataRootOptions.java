package dev.ganforge.cli;

import java.nio.file.Path;
import java.util.List;

import dev.ganforge.data.DataSettings;
import picocli.CommandLine.Option;

/**
 * {@code --data-root}, shared by the commands that read datasets.
 */
final class DataRootOptions {

	@Option(names = "--data-root", description = "Directory datasets may be read from; repeatable "
			+ "(default: data and /usr/share/datasets)")
	List<Path> dataRoots;

	/**
	 * The roots given, or the defaults.
	 * @return the data settings
	 */
	DataSettings settings() {
		return DataSettings.of(this.dataRoots);
	}

}
