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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.ganforge.run.WorkerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process: the messages it reports on stdout ({@link WorkerMessage}, one JSON
 * line each) go to a listener, everything else it prints goes to its log file, and a
 * {@code cancel} line on its stdin asks it to stop after the current step.
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

		/** A message the worker's run reported. */
		void message(WorkerMessage message);

		/** The process has exited and its output is read to the end. */
		void exited(int exitCode);

	}

	static Worker start(List<String> command, Path logFile, Listener listener) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command)
			.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
		builder.environment().put("OPT_OUT_TRACKING", "true");
		Worker worker = new Worker(builder.start());
		Thread reader = new Thread(() -> worker.read(logFile, listener), "ganforge-worker-" + worker.process.pid());
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

	private void read(Path logFile, Listener listener) {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer other = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND)) {
			String line;
			while ((line = out.readLine()) != null) {
				Optional<WorkerMessage> message = WorkerMessage.parse(line);
				if (message.isPresent()) {
					try {
						listener.message(message.get());
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

}
