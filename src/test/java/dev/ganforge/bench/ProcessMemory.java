package dev.ganforge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory, read from {@code /proc/self/status} (Linux).
 */
public final class ProcessMemory {

	private ProcessMemory() {
	}

	/**
	 * Current resident set size.
	 * @return VmRSS in kB
	 */
	public static long residentKb() {
		return field("VmRSS:");
	}

	/**
	 * Peak resident set size so far.
	 * @return VmHWM in kB
	 */
	public static long peakResidentKb() {
		return field("VmHWM:");
	}

	private static long field(String name) {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith(name))
				.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
