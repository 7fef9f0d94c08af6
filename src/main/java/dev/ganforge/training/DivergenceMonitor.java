package dev.ganforge.training;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;

/**
 * Watches a run for the ways GAN training fails that its losses do not announce, and says
 * what it saw:
 * <ul>
 * <li>{@code discriminator-wins}: over the last {@code window} steps D is nearly certain,
 * mean D(x) at least {@value #CERTAIN} and mean D(G(z)) at most 1 - {@value #CERTAIN},
 * while G's loss climbs (the second half of the window above the first): G has stopped
 * learning (Arjovsky and Bottou 2017 describe the vanishing gradient behind it).</li>
 * <li>{@code mode-collapse}: the mean pairwise distance between the images of the run's
 * fixed noise falls below {@value #COLLAPSE_RATIO} of the highest it has been: G maps
 * different latents to nearly the same image. Measured in pixel space, which needs no
 * feature extractor and still catches the collapse of a fixed batch.</li>
 * <li>{@code fd-rising}: the Frechet distance of the served generator rose at each of the
 * last {@code fdRisingEvaluations} evaluations (a run's {@code evaluateEvery}): quality
 * peaked and is degrading, as GAN quality often does (Kurach et al. 2019). The last good
 * step is that of the evaluation where the rise began.</li>
 * <li>{@code class-collapse}: at an evaluation, the feature extractor's classifier finds
 * some class in the generated images at less than {@value #CLASS_COLLAPSE_RATIO} of its
 * share among the real ones: G has dropped (most of) a class, a mode collapse that the
 * fixed-noise grid and FD may both miss. The last good step is the previous
 * evaluation's.</li>
 * </ul>
 * A loss that is NaN or infinite is the loop's own check
 * ({@link TrainingDivergedException}). After a finding the evidence starts afresh, so one
 * episode is reported once.
 */
public final class DivergenceMonitor {

	/** How sure D must be, on average over the window, to count as winning. */
	public static final double CERTAIN = 0.99;

	/** Fraction of the peak diversity below which the samples count as collapsed. */
	public static final double COLLAPSE_RATIO = 0.3;

	/** Share of its real share below which a class counts as collapsed. */
	public static final double CLASS_COLLAPSE_RATIO = 0.25;

	/** Sample grids seen before diversity is judged: G starts out near-constant. */
	static final int WARM_UP_GRIDS = 2;

	/** Consecutive rises of FD that make a finding, unless told otherwise. */
	public static final int DEFAULT_FD_RISING_EVALUATIONS = 3;

	private final int window;

	private final int fdRisingEvaluations;

	// The last fdRisingEvaluations + 1 evaluations: (step, FD).
	private final ArrayDeque<double[]> evaluations = new ArrayDeque<>();

	private final ArrayDeque<StepStats> recent = new ArrayDeque<>();

	private double peakDiversity;

	private int grids;

	private long lastSampleStep;

	private long lastEvaluationStep;

	/**
	 * A monitor.
	 * @param window steps of evidence for {@code discriminator-wins}, at least 10
	 */
	public DivergenceMonitor(int window) {
		this(window, DEFAULT_FD_RISING_EVALUATIONS);
	}

	/**
	 * A monitor.
	 * @param window steps of evidence for {@code discriminator-wins}, at least 10
	 * @param fdRisingEvaluations consecutive rises of FD for {@code fd-rising}, at least
	 * 1
	 */
	public DivergenceMonitor(int window, int fdRisingEvaluations) {
		if (window < 10) {
			throw new IllegalArgumentException("divergenceWindow must be at least 10 steps, was " + window);
		}
		if (fdRisingEvaluations < 1) {
			throw new IllegalArgumentException("fdRisingEvaluations must be at least 1, was " + fdRisingEvaluations);
		}
		this.window = window;
		this.fdRisingEvaluations = fdRisingEvaluations;
	}

	/**
	 * The window.
	 * @return steps of evidence
	 */
	public int window() {
		return this.window;
	}

	/**
	 * Takes a step's statistics.
	 * @param stats the step
	 * @return a finding, if this step completes one
	 */
	public Optional<Divergence> observe(StepStats stats) {
		this.recent.addLast(stats);
		if (this.recent.size() > this.window) {
			this.recent.removeFirst();
		}
		if (this.recent.size() < this.window) {
			return Optional.empty();
		}
		double dReal = 0;
		double dFake = 0;
		double firstHalf = 0;
		double secondHalf = 0;
		int i = 0;
		for (StepStats s : this.recent) {
			dReal += s.dReal();
			dFake += s.dFakeBefore();
			if (i++ < this.window / 2) {
				firstHalf += s.lossG();
			}
			else {
				secondHalf += s.lossG();
			}
		}
		dReal /= this.window;
		dFake /= this.window;
		firstHalf /= this.window / 2;
		secondHalf /= this.window - this.window / 2;
		if (dReal >= CERTAIN && dFake <= 1 - CERTAIN && secondHalf > firstHalf) {
			this.recent.clear();
			return Optional.of(new Divergence("discriminator-wins", stats.step(), this.window,
					String.format(Locale.ROOT,
							"over steps %d-%d mean D(x) = %.4f and mean D(G(z)) = %.4f while G's loss rose "
									+ "from %.3f to %.3f (half-window means)",
							stats.step() - this.window + 1, stats.step(), dReal, dFake, firstHalf, secondHalf)));
		}
		return Optional.empty();
	}

	/**
	 * Takes a fixed-noise sample grid.
	 * @param step steps completed
	 * @param images the images, {@code count} of {@code length} values each
	 * @param count number of images
	 * @return a finding, if the samples have collapsed
	 */
	public Optional<Divergence> observeSamples(long step, float[] images, int count) {
		double diversity = meanPairwiseDistance(images, count);
		long previous = this.lastSampleStep;
		this.lastSampleStep = step;
		this.grids++;
		this.peakDiversity = Math.max(this.peakDiversity, diversity);
		if (this.grids > WARM_UP_GRIDS && diversity < COLLAPSE_RATIO * this.peakDiversity) {
			double peak = this.peakDiversity;
			this.peakDiversity = diversity;
			// The grid before this one was still diverse: it bounds the good steps.
			return Optional.of(new Divergence("mode-collapse", step, (int) (step - previous),
					String.format(Locale.ROOT,
							"the fixed-noise samples' mean pairwise distance fell to %.3f, %.0f%% of its peak %.3f",
							diversity, 100 * diversity / peak, peak)));
		}
		return Optional.empty();
	}

	/**
	 * Takes an evaluation of the served generator.
	 * @param step steps completed
	 * @param fd its Frechet distance
	 * @return a finding, if FD has now risen at each of the last
	 * {@code fdRisingEvaluations} evaluations
	 */
	public Optional<Divergence> observeEvaluation(long step, double fd) {
		this.evaluations.addLast(new double[] { step, fd });
		if (this.evaluations.size() > this.fdRisingEvaluations + 1) {
			this.evaluations.removeFirst();
		}
		if (this.evaluations.size() <= this.fdRisingEvaluations) {
			return Optional.empty();
		}
		double previous = Double.NEGATIVE_INFINITY;
		StringBuilder values = new StringBuilder();
		for (double[] e : this.evaluations) {
			if (!(e[1] > previous)) {
				return Optional.empty();
			}
			previous = e[1];
			values.append((values.length() > 0) ? ", " : "")
				.append(String.format(Locale.ROOT, "%.4g at step %d", e[1], (long) e[0]));
		}
		long start = (long) this.evaluations.getFirst()[0];
		this.evaluations.clear();
		return Optional.of(new Divergence("fd-rising", step, (int) (step - start), String.format(Locale.ROOT,
				"FD rose at each of the last %d evaluations: %s", this.fdRisingEvaluations, values)));
	}

	/**
	 * Takes an evaluation's class balance.
	 * @param step steps completed
	 * @param worstClass the class made least often relative to its real share, or null
	 * when the evaluation has no classes
	 * @param shareRatio its generated share over its real share, or null
	 * @return a finding, if that class has fallen below {@value #CLASS_COLLAPSE_RATIO} of
	 * its real share
	 */
	public Optional<Divergence> observeClassBalance(long step, String worstClass, Double shareRatio) {
		long previous = this.lastEvaluationStep;
		this.lastEvaluationStep = step;
		if (worstClass == null || shareRatio == null || shareRatio >= CLASS_COLLAPSE_RATIO) {
			return Optional.empty();
		}
		return Optional.of(new Divergence("class-collapse", step, (int) (step - previous),
				String.format(Locale.ROOT,
						"class '%s' is %.0f%% of its real share of the generated images, below the %.0f%% limit",
						worstClass, 100 * shareRatio, 100 * CLASS_COLLAPSE_RATIO)));
	}

	/** Forgets the evidence, as after a rollback. */
	public void reset() {
		this.lastEvaluationStep = 0;
		this.evaluations.clear();
		this.recent.clear();
		this.peakDiversity = 0;
		this.grids = 0;
		this.lastSampleStep = 0;
	}

	/**
	 * The mean Euclidean distance between every pair of images, per pixel (divided by the
	 * square root of the image length, so it does not grow with the image size).
	 */
	static double meanPairwiseDistance(float[] images, int count) {
		int length = images.length / count;
		double sum = 0;
		for (int a = 0; a < count; a++) {
			for (int b = a + 1; b < count; b++) {
				double squares = 0;
				for (int k = 0; k < length; k++) {
					double d = images[a * length + k] - images[b * length + k];
					squares += d * d;
				}
				sum += Math.sqrt(squares / length);
			}
		}
		return sum / ((double) count * (count - 1) / 2);
	}

	/**
	 * What the monitor saw.
	 *
	 * @param kind {@code discriminator-wins}, {@code mode-collapse}, {@code fd-rising},
	 * {@code class-collapse} or {@code non-finite-loss}
	 * @param step the step at which it was seen
	 * @param window steps of evidence before it: the window, the steps since the last
	 * diverse sample grid, the steps since the evaluation where FD began to rise, or 0
	 * for a loss that is not finite
	 * @param evidence the numbers, in words
	 */
	public record Divergence(String kind, long step, int window, String evidence) {

		/**
		 * The finding for a NaN or infinite loss.
		 * @param ex the loop's exception
		 * @return the finding
		 */
		public static Divergence of(TrainingDivergedException ex) {
			return new Divergence("non-finite-loss", ex.stats().step(), 0, ex.getMessage());
		}

		/**
		 * The last step that is clearly before the trouble: a rollback target must not be
		 * later.
		 * @return {@code step - window}
		 */
		public long lastGoodStep() {
			return this.step - this.window;
		}

	}

}
