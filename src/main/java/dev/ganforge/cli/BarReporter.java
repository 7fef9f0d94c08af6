package dev.ganforge.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import dev.ganforge.data.ImageDataset;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.training.DivergenceMonitor;
import dev.ganforge.training.StepStats;

/**
 * A progress bar for people, redrawn at most once a second on stderr.
 */
final class BarReporter implements TrainCommand.ProgressReporter {

	private static final int WIDTH = 30;

	private final PrintStream out;

	private long lastDrawn;

	private double smoothedRate;

	private long firstStep = -1;

	private long startedNanos;

	BarReporter(PrintStream out) {
		this.out = out;
	}

	@Override
	public void dataset(ImageDataset data, double seconds) {
		this.out.printf(Locale.ROOT, "Loaded %s: %d images %dx%dx%d in %.1f s%n", data.name(), data.size(),
				data.channels(), data.imageSize(), data.imageSize(), seconds);
	}

	@Override
	public void step(StepStats s, long total) {
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
		int filled = (int) (WIDTH * s.step() / Math.max(1, total));
		long done = s.step() - this.firstStep + 1;
		long eta = (long) ((now - this.startedNanos) / 1e9 / done * (total - s.step()));
		this.out.printf(Locale.ROOT,
				"\r[%s%s] %d/%d ep %d  lossD %.3f  lossG %.3f  D(x) %.3f  D(G(z)) %.3f/%.3f  %.0f img/s  ETA %s ",
				"#".repeat(filled), ".".repeat(WIDTH - filled), s.step(), total, s.epoch(), s.lossD(), s.lossG(),
				s.dReal(), s.dFakeBefore(), s.dFakeAfter(), this.smoothedRate, format(Duration.ofSeconds(eta)));
		if (s.step() == total) {
			this.out.println();
		}
	}

	@Override
	public void samples(long step, Path file) {
	}

	@Override
	public void snapshot(long step, Path dir) {
	}

	@Override
	public void cancelled(long steps) {
		this.out.printf("%nCancelled after step %d; the last snapshot holds it. Continue with --resume.%n", steps);
	}

	@Override
	public void done(long steps, Path model, double seconds) {
		this.out.printf(Locale.ROOT, "Trained %d steps in %s; model written to %s%n", steps,
				format(Duration.ofMillis((long) (seconds * 1000))), model);
	}

	@Override
	public void evaluation(Quality q, boolean best) {
		this.out.printf(Locale.ROOT, "%nStep %d: FD %.4g, KID %.4g +- %.2g (%d samples, %.1f s)%s%n", q.step(), q.fd(),
				q.kid(), q.kidStd(), q.samples(), q.seconds(), best ? ", the best so far" : "");
	}

	@Override
	public void best(Path model) {
		this.out.printf("Best generator by FD written to %s%n", model);
	}

	@Override
	public void failed(RuntimeException ex) {
		this.out.printf("%nTraining failed: %s%n", ex.getMessage());
	}

	@Override
	public void divergence(DivergenceMonitor.Divergence finding, String action) {
		this.out.printf("%nStep %d: %s: %s; %s%n", finding.step(), finding.kind(), finding.evidence(), action);
	}

	private static String format(Duration d) {
		return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
	}

}
