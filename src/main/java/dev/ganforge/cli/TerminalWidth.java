package dev.ganforge.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width of the terminal the command line draws on: {@code COLUMNS} when the shell
 * exports it, else what {@code stty size} says of the controlling terminal, else
 * {@value #FALLBACK}.
 */
final class TerminalWidth {

	static final int FALLBACK = 80;

	private static final File TTY = new File("/dev/tty");

	private TerminalWidth() {
	}

	static int columns() {
		Integer fromEnvironment = parse(System.getenv("COLUMNS"));
		if (fromEnvironment != null) {
			return fromEnvironment;
		}
		Integer fromTerminal = stty();
		return (fromTerminal != null) ? fromTerminal : FALLBACK;
	}

	static Integer parse(String columns) {
		try {
			int value = Integer.parseInt((columns != null) ? columns.strip() : "");
			return (value >= 20 && value <= 1000) ? value : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Integer stty() {
		if (!TTY.canRead()) {
			return null;
		}
		try {
			Process stty = new ProcessBuilder("stty", "size").redirectInput(TTY)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!stty.waitFor(1, TimeUnit.SECONDS)) {
				stty.destroyForcibly();
				return null;
			}
			String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip()
				.split("\\s+");
			return (stty.exitValue() == 0 && size.length == 2) ? parse(size[1]) : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
