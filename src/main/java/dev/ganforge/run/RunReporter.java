package dev.ganforge.run;

import java.io.PrintStream;

/**
 * Receives a run's messages as they happen, on the training thread: a progress bar for a
 * person, or the JSON lines a job's worker writes for its service.
 */
@FunctionalInterface
public interface RunReporter {

	void report(WorkerMessage message);

	/**
	 * The worker's side of the protocol: one JSON line per message.
	 * @param out the worker's stdout
	 * @return the reporter
	 */
	static RunReporter jsonLines(PrintStream out) {
		return (message) -> {
			synchronized (out) {
				out.println(message.toJson());
				out.flush();
			}
		};
	}

}
