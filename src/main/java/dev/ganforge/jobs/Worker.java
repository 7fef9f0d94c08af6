package dev.ganforge.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One worker process: its JSON-lines progress on stdout goes to a listener, everything
 * else it prints goes to its log file, and a {@code cancel} line on its stdin asks it to
 * stop after the current step.
 */
final class Worker {

	private static final Logger log = LoggerFactory.getLogger(Worker.class);

	private final Process process;

	private final CompletableFuture<Integer> exit = new CompletableFuture<>();

	private Worker(Process process) {
		this.process = process;
	}

	/**
	 * What a worker reports.
	 */
	interface Listener {

		/** A progress line: a JSON object with a {@code type}. */
		void line(JsonNode line);

		/** The process has exited and its output is read to the end. */
		void exited(int exitCode);

	}

	static Worker start(List<String> command, Path logFile, JsonMapper json, Listener listener) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
		builder.environment().put("OPT_OUT_TRACKING", "true");
		Worker worker = new Worker(builder.start());
		Thread reader = new Thread(() -> worker.read(logFile, json, listener),
				"ganforge-worker-" + worker.process.pid());
		reader.setDaemon(true);
		reader.start();
		return worker;
	}

	long pid() {
		return this.process.pid();
	}

	/** Completes with the exit code once the listener has heard {@code exited}. */
	CompletableFuture<Integer> exit() {
		return this.exit;
	}

	/**
	 * Asks the worker to finish its step, snapshot and exit. Closing stdin alone would
	 * do; the explicit line makes the intent readable in a trace.
	 */
	void requestStop() {
		try {
			OutputStream stdin = this.process.getOutputStream();
			stdin.write("cancel\n".getBytes(StandardCharsets.UTF_8));
			stdin.close();
		}
		catch (IOException ex) {
			// the worker has gone already: its exit is on its way
		}
	}

	void kill() {
		this.process.destroyForcibly();
	}

	private void read(Path logFile, JsonMapper json, Listener listener) {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer other = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND)) {
			String line;
			while ((line = out.readLine()) != null) {
				JsonNode node = parse(json, line);
				if (node != null) {
					try {
						listener.line(node);
					}
					catch (RuntimeException ex) {
						log.error("Worker {}: handling '{}' failed", pid(), line, ex);
					}
				}
				else {
					other.write(line);
					other.write('\n');
					other.flush();
				}
			}
		}
		catch (IOException ex) {
			log.warn("Worker {}: reading its output failed: {}", pid(), ex.getMessage());
		}
		int code = waitForExit();
		try {
			listener.exited(code);
		}
		finally {
			this.exit.complete(code);
		}
	}

	private int waitForExit() {
		while (true) {
			try {
				return this.process.waitFor();
			}
			catch (InterruptedException ex) {
				// the reader is a daemon and must see the exit through
			}
		}
	}

	private static JsonNode parse(JsonMapper json, String line) {
		if (!line.startsWith("{")) {
			return null;
		}
		try {
			JsonNode node = json.readTree(line);
			return (node.isObject() && node.hasNonNull("type")) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
