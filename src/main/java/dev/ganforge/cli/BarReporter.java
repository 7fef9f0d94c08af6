package dev.ganforge.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ganforge.run.RunReporter;
import dev.ganforge.run.WorkerMessage;
import dev.ganforge.training.StepStats;

/**
 * A progress bar for people, redrawn at most once a second on stderr, in one line that
 * fits the terminal: the bar takes what the numbers leave, and the least telling numbers
 * go first when even a short bar does not fit.
 */
final class BarReporter implements RunReporter {

	private static final int MAX_BAR = 30;

	private static final int MIN_BAR = 10;

	private final PrintStream out;

	private final int columns;

	private long lastDrawn;

	private double smoothedRate;

	private long firstStep = -1;

	private long startedNanos;

	/**
	 * A bar on a terminal of a width.
	 * @param out where to draw
	 * @param columns the terminal's width; the line is at most one less, so that the
	 * cursor never wraps
	 */
	BarReporter(PrintStream out, int columns) {
		this.out = out;
		this.columns = columns;
	}

	@Override
	public void report(WorkerMessage message) {
		if (message instanceof WorkerMessage.Step step) {
			step(step.stats(), step.total());
		}
		else if (message instanceof WorkerMessage.Dataset d) {
			this.out.printf(Locale.ROOT, "Loaded %s: %d images %dx%dx%d in %.1f s%n", d.name(), d.size(), d.channels(),
					d.imageSize(), d.imageSize(), d.seconds());
		}
		else if (message instanceof WorkerMessage.Cancelled c) {
			this.out.printf("%nCancelled after step %d; the last snapshot holds it. Continue with --resume.%n",
					c.step());
		}
		else if (message instanceof WorkerMessage.Done d) {
			this.out.printf(Locale.ROOT, "Trained %d steps in %s; model written to %s%n", d.step(),
					format(Duration.ofMillis((long) (d.seconds() * 1000))), d.model());
		}
		else if (message instanceof WorkerMessage.Evaluation q) {
			this.out.printf(Locale.ROOT, "%nStep %d: FD %.4g, KID %.4g +- %.2g (%d samples, %.1f s)%s%n", q.step(),
					q.fd(), q.kid(), q.kidStd(), q.samples(), q.seconds(), q.best() ? ", the best so far" : "");
		}
		else if (message instanceof WorkerMessage.Best b) {
			this.out.printf("Best generator by FD written to %s%n", b.model());
		}
		else if (message instanceof WorkerMessage.Failed f) {
			this.out.printf("%nTraining failed: %s%n", f.reason());
		}
		else if (message instanceof WorkerMessage.Divergence d) {
			this.out.printf("%nStep %d: %s: %s; %s%n", d.step(), d.kind(), d.evidence(), d.action());
		}
		// samples and snapshots: nothing for a person to read
	}

	private void step(StepStats s, long total) {
		this.smoothedRate = (this.smoothedRate == 0) ? s.imagesPerSecond()
				: 0.9 * this.smoothedRate + 0.1 * s.imagesPerSecond();
		long now = System.nanoTime();
		if (this.firstStep < 0) {
			this.firstStep = s.step();
			this.startedNanos = now;
		}
		if (now - this.lastDrawn < 1_000_000_000L && s.step() != total) {
			return;
		}
		this.lastDrawn = now;
		long done = s.step() - this.firstStep + 1;
		long eta = (long) ((now - this.startedNanos) / 1e9 / done * (total - s.step()));
		this.out.print("\r" + line(s, total, this.smoothedRate, Duration.ofSeconds(eta), this.columns - 1));
		if (s.step() == total) {
			this.out.println();
		}
	}

	/**
	 * The progress line, at most {@code width} characters.
	 */
	static String line(StepStats s, long total, double rate, Duration eta, int width) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("step", String.format(Locale.ROOT, "%d/%d", s.step(), total));
		fields.put("epoch", "ep " + s.epoch());
		fields.put("lossD", String.format(Locale.ROOT, "lossD %.3f", s.lossD()));
		fields.put("lossG", String.format(Locale.ROOT, "lossG %.3f", s.lossG()));
		fields.put("dReal", String.format(Locale.ROOT, "D(x) %.3f", s.dReal()));
		fields.put("dFake", String.format(Locale.ROOT, "D(G(z)) %.3f/%.3f", s.dFakeBefore(), s.dFakeAfter()));
		fields.put("rate", String.format(Locale.ROOT, "%.0f img/s", rate));
		fields.put("eta", "ETA " + format(eta));
		// When even the shortest bar does not fit: D's outputs go first, then the rate.
		List<String> drops = List.of("dFake", "dReal", "rate", "epoch");
		for (int dropped = 0;; dropped++) {
			String numbers = String.join("  ", fields.values());
			int bar = Math.min(MAX_BAR, width - numbers.length() - 3);
			if (bar >= MIN_BAR || dropped == drops.size()) {
				bar = Math.max(bar, 0);
				int filled = (int) (bar * s.step() / Math.max(1, total));
				String text = "[" + "#".repeat(filled) + ".".repeat(bar - filled) + "] " + numbers;
				return (text.length() > width) ? text.substring(0, Math.max(0, width)) : text;
			}
			fields.remove(drops.get(dropped));
		}
	}

	private static String format(Duration d) {
		return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
	}

}
