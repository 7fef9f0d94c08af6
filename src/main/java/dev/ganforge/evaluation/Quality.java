package dev.ganforge.evaluation;

import java.util.Collections;
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
 * @param classEntropyBits entropy of the generated images' class shares in bits (null in
 * rows written before class balance was measured)
 * @param worstClass the class made least often relative to its real share, or null
 * @param worstClassShareRatio its generated share over its real share, or null
 * @param classCounts generated images per class, by class name; empty when unknown
 */
public record Quality(long step, int samples, long seed, String reference, String extractor, double fd, double kid,
		double kidStd, double seconds, Double classEntropyBits, String worstClass, Double worstClassShareRatio,
		Map<String, Integer> classCounts) {

	/** The header of {@code evaluations.csv}. */
	public static final String CSV_HEADER = "step,fd,kid,kidStd,samples,seed,reference,extractor,seconds,"
			+ "classEntropyBits,worstClass,worstClassShareRatio,classCounts";

	/** Columns of rows written before class balance was measured. */
	private static final int OLD_COLUMNS = 9;

	/**
	 * A light evaluation with the class balance it measured.
	 * @param step the training step
	 * @param samples images on each side
	 * @param seed first latent seed
	 * @param reference the real split compared against
	 * @param extractor the feature extractor's name
	 * @param fd Frechet distance
	 * @param kid KID mean
	 * @param kidStd KID standard deviation
	 * @param seconds wall-clock seconds
	 * @param balance the class balance
	 * @return the evaluation
	 */
	static Quality of(long step, int samples, long seed, String reference, String extractor, double fd, double kid,
			double kidStd, double seconds, ClassBalance balance) {
		return new Quality(step, samples, seed, reference, extractor, fd, kid, kidStd, seconds, balance.entropyBits(),
				balance.worstClass(), balance.worstShareRatio(), balance.countsByClass());
	}

	/**
	 * Normalises the class counts.
	 */
	public Quality {
		classCounts = (classCounts != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(classCounts)) : Map.of();
	}

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
		if (this.classEntropyBits != null) {
			metrics.put("classEntropyBits", this.classEntropyBits);
			metrics.put("classCounts", this.classCounts);
		}
		if (this.worstClass != null) {
			metrics.put("worstClass", this.worstClass);
			metrics.put("worstClassShareRatio", this.worstClassShareRatio);
		}
		return metrics;
	}

	/**
	 * This evaluation as a line of {@code evaluations.csv}.
	 * @return the row, with its line break
	 */
	public String toCsvRow() {
		StringBuilder counts = new StringBuilder();
		this.classCounts.forEach((name,
				count) -> counts.append((counts.length() > 0) ? ";" : "").append(name).append('=').append(count));
		return String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%d,%d,%s,%s,%.3f,%s,%s,%s,%s\n", this.step, this.fd,
				this.kid, this.kidStd, this.samples, this.seed, this.reference, this.extractor, this.seconds,
				(this.classEntropyBits != null) ? String.format(Locale.ROOT, "%.4f", this.classEntropyBits) : "",
				(this.worstClass != null) ? this.worstClass : "", (this.worstClassShareRatio != null)
						? String.format(Locale.ROOT, "%.4f", this.worstClassShareRatio) : "",
				counts);
	}

	/**
	 * Parses a line of {@code evaluations.csv}, of this layout or of the one before class
	 * balance.
	 * @param row the line, without its break
	 * @return the evaluation
	 * @throws IllegalArgumentException if it is not such a line
	 */
	public static Quality parseCsvRow(String row) {
		String[] f = row.split(",", -1);
		if (f.length != OLD_COLUMNS && f.length != OLD_COLUMNS + 4) {
			throw new IllegalArgumentException("Not an evaluations row: " + row);
		}
		Double entropy = null;
		String worst = null;
		Double worstRatio = null;
		Map<String, Integer> counts = new LinkedHashMap<>();
		if (f.length > OLD_COLUMNS) {
			entropy = f[9].isEmpty() ? null : Double.parseDouble(f[9]);
			worst = f[10].isEmpty() ? null : f[10];
			worstRatio = f[11].isEmpty() ? null : Double.parseDouble(f[11]);
			for (String pair : f[12].isEmpty() ? new String[0] : f[12].split(";")) {
				int eq = pair.lastIndexOf('=');
				if (eq < 0) {
					throw new IllegalArgumentException("Not an evaluations row: " + row);
				}
				counts.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
			}
		}
		return new Quality(Long.parseLong(f[0]), Integer.parseInt(f[4]), Long.parseLong(f[5]), f[6], f[7],
				Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[8]),
				entropy, worst, worstRatio, counts);
	}

}
