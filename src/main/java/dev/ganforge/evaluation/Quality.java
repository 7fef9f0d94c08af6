package dev.ganforge.evaluation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * FD and KID of a generator at one training step: the light evaluation a training run
 * makes every {@code evaluateEvery} steps, and one row of its {@code evaluations.csv}.
 * Numbers are comparable only at equal sample counts, references and extractors.
 *
 * @param step the training step the generator was at
 * @param samples images on each side
 * @param seed first latent seed (image i uses seed + i)
 * @param reference the real dataset split compared against, e.g.
 * {@code fashion-mnist:test}
 * @param extractor the feature extractor's name
 * @param fd Frechet distance in the extractor's feature space
 * @param kid KID, the mean over subsets
 * @param kidStd KID's standard deviation over subsets
 * @param seconds wall-clock seconds the evaluation took
 */
public record Quality(long step, int samples, long seed, String reference, String extractor, double fd, double kid,
		double kidStd, double seconds) {

	/** The header of {@code evaluations.csv}. */
	public static final String CSV_HEADER = "step,fd,kid,kidStd,samples,seed,reference,extractor,seconds";

	/**
	 * The metrics as a model manifest records them, with what makes them comparable.
	 * @return metric name to value
	 */
	public Map<String, Object> manifestMetrics() {
		Map<String, Object> metrics = new LinkedHashMap<>();
		metrics.put("fd", this.fd);
		metrics.put("kid", this.kid);
		metrics.put("kidStd", this.kidStd);
		metrics.put("samples", this.samples);
		metrics.put("seed", this.seed);
		metrics.put("step", this.step);
		metrics.put("reference", this.reference);
		metrics.put("featureExtractor", this.extractor);
		return metrics;
	}

	/**
	 * This evaluation as a line of {@code evaluations.csv}.
	 * @return the row, with its line break
	 */
	public String toCsvRow() {
		return String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%d,%d,%s,%s,%.3f\n", this.step, this.fd, this.kid,
				this.kidStd, this.samples, this.seed, this.reference, this.extractor, this.seconds);
	}

	/**
	 * Parses a line of {@code evaluations.csv}.
	 * @param row the line, without its break
	 * @return the evaluation
	 * @throws IllegalArgumentException if it is not such a line
	 */
	public static Quality parseCsvRow(String row) {
		String[] f = row.split(",", -1);
		if (f.length != 9) {
			throw new IllegalArgumentException("Not an evaluations row: " + row);
		}
		return new Quality(Long.parseLong(f[0]), Integer.parseInt(f[4]), Long.parseLong(f[5]), f[6], f[7],
				Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[8]));
	}

}
