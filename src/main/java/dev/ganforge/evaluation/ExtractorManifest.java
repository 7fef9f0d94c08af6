package dev.ganforge.evaluation;

import java.time.Instant;
import java.util.Map;

/**
 * What a feature extractor directory holds and how it was made, stored as
 * {@code extractor.json}. A different file name from a generator's {@code manifest.json},
 * so the model registry never mistakes the directory for a generator.
 *
 * @param formatVersion the layout version; loaders refuse any other
 * @param kind always {@link #KIND}
 * @param name the extractor's name (its directory's name)
 * @param dataset the dataset kind it serves, e.g. {@code fashion-mnist}
 * @param trainedOn the dataset spec it was trained on
 * @param inputSize side of the square images the network takes; others are resized
 * @param channels channels the network takes
 * @param featureDim length of a feature vector
 * @param classes number of classes
 * @param architecture the layers, in words
 * @param testDataset the spec accuracy was measured on
 * @param testAccuracy accuracy on the test split at {@code inputSize}
 * @param testAccuracyBySize accuracy on the test split loaded at other sizes and resized
 * by the extractor, keyed by size
 * @param training how it was trained
 * @param createdAt when it was written
 * @param sha256 hex SHA-256 of each file, by file name
 */
public record ExtractorManifest(int formatVersion, String kind, String name, String dataset, String trainedOn,
		int inputSize, int channels, int featureDim, int classes, String architecture, String testDataset,
		double testAccuracy, Map<String, Double> testAccuracyBySize, Training training, Instant createdAt,
		Map<String, String> sha256) {

	/** The layout this code writes and reads. */
	public static final int FORMAT_VERSION = 1;

	/** The manifest's {@code kind}. */
	public static final String KIND = "feature-extractor";

	/** File name of the manifest. */
	public static final String FILE = "extractor.json";

	/** File name of the classifier's parameters. */
	public static final String PARAMETERS = "classifier.params";

	/**
	 * The checksum that identifies this extractor in cache keys.
	 * @return the SHA-256 of its parameters
	 */
	public String checksum() {
		return this.sha256.get(PARAMETERS);
	}

	/**
	 * How an extractor was trained.
	 *
	 * @param epochs passes over the training split
	 * @param batchSize images per step
	 * @param learningRate Adam's learning rate
	 * @param seed seed of the weights and data order
	 * @param command the command line that trained it
	 * @param trainingSeconds wall-clock seconds spent training
	 */
	public record Training(int epochs, int batchSize, float learningRate, long seed, String command,
			double trainingSeconds) {
	}

}
