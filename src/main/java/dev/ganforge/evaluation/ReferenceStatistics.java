package dev.ganforge.evaluation;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.ganforge.checkpoint.AtomicFiles;
import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import org.ejml.data.DMatrixRMaj;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real side of every metric: features of the first {@code count} images of a dataset
 * split, loaded at the generator's size, and the Gaussian fitted to them.
 *
 * <p>
 * Computing them means loading the split and running the extractor over it, so they are
 * cached on disk, one file per extractor checksum, dataset split, image size, channels
 * and count: a different extractor or count never reuses a stale file. A cache file is
 * written to a temporary name and renamed into place; an unreadable one is recomputed.
 *
 * @param key what the statistics are of, also the cache file's name
 * @param features the real images' features and class probabilities
 * @param gaussian the Gaussian fitted to the features
 */
public record ReferenceStatistics(String key, Features features, Gaussian gaussian) {

	private static final Logger log = LoggerFactory.getLogger(ReferenceStatistics.class);

	private static final int MAGIC = 0x47465246; // "GFRF"

	private static final int VERSION = 1;

	/**
	 * The statistics from the cache, computed and cached first if absent.
	 * @param extractor the feature extractor
	 * @param split the dataset split, e.g. {@code fashion-mnist:test}
	 * @param imageSize the size the images are loaded at (the generator's)
	 * @param channels the channels they are loaded with
	 * @param count how many images, from the start of the split
	 * @param roots where the dataset is read from
	 * @param cacheDir the cache directory
	 * @return the statistics
	 * @throws IllegalArgumentException if the split has fewer than {@code count} images
	 */
	public static ReferenceStatistics load(FeatureExtractor extractor, DatasetSpec split, int imageSize, int channels,
			int count, DataRoots roots, Path cacheDir) {
		String key = key(extractor, split, imageSize, channels, count);
		Path file = cacheDir.resolve(key + ".ref");
		if (Files.isRegularFile(file)) {
			try {
				return read(file, key);
			}
			catch (IOException | RuntimeException ex) {
				log.warn("Reference cache {} is unreadable ({}); recomputing it", file, ex.getMessage());
			}
		}
		ReferenceStatistics computed = compute(extractor, split, imageSize, channels, count, roots, key);
		write(file, computed);
		return computed;
	}

	static String key(FeatureExtractor extractor, DatasetSpec split, int imageSize, int channels, int count) {
		return split.toString().replace(':', '-') + "-" + imageSize + "px-" + channels + "ch-n" + count + "-"
				+ extractor.manifest().checksum().substring(0, 16);
	}

	/**
	 * The statistics computed afresh, bypassing the cache: for images that may change
	 * under the same name, such as a folder of another generator's samples.
	 * @param extractor the feature extractor
	 * @param images the images, e.g. {@code folder:samples}
	 * @param imageSize the size the images are loaded at
	 * @param channels the channels they are loaded with
	 * @param count how many images, from the start of the dataset
	 * @param roots where the images are read from
	 * @return the statistics
	 * @throws IllegalArgumentException if there are fewer than {@code count} images
	 */
	static ReferenceStatistics compute(FeatureExtractor extractor, DatasetSpec images, int imageSize, int channels,
			int count, DataRoots roots) {
		return compute(extractor, images, imageSize, channels, count, roots,
				key(extractor, images, imageSize, channels, count));
	}

	private static ReferenceStatistics compute(FeatureExtractor extractor, DatasetSpec split, int imageSize,
			int channels, int count, DataRoots roots, String key) {
		ImageDataset data = Datasets.load(split, imageSize, channels, roots, 0);
		if (data.size() < count) {
			throw new IllegalArgumentException(
					"Dataset " + split + " has " + data.size() + " images, fewer than the " + count + " requested");
		}
		double[][] embeddings = new double[count][];
		double[][] probabilities = new double[count][];
		int chunk = 1000;
		for (int start = 0; start < count; start += chunk) {
			int n = Math.min(chunk, count - start);
			float[] images = new float[n * data.imageLength()];
			for (int i = 0; i < n; i++) {
				data.copyTo(start + i, images, i * data.imageLength());
			}
			Features features = extractor.extract(images, n, channels, imageSize);
			System.arraycopy(features.embeddings(), 0, embeddings, start, n);
			System.arraycopy(features.probabilities(), 0, probabilities, start, n);
		}
		Features features = new Features(embeddings, probabilities);
		return new ReferenceStatistics(key, features, Gaussian.fit(embeddings));
	}

	private static ReferenceStatistics read(Path file, String key) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
			if (in.readInt() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(key)) {
				throw new IOException("not a reference file of this version and key");
			}
			double[][] embeddings = readRows(in);
			double[][] probabilities = readRows(in);
			double[] mean = readRows(in)[0];
			double[][] covariance = readRows(in);
			return new ReferenceStatistics(key, new Features(embeddings, probabilities),
					new Gaussian(mean, new DMatrixRMaj(covariance)));
		}
	}

	private static void write(Path file, ReferenceStatistics statistics) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			try (DataOutputStream out = new DataOutputStream(bytes)) {
				out.writeInt(MAGIC);
				out.writeInt(VERSION);
				out.writeUTF(statistics.key());
				writeRows(out, statistics.features().embeddings());
				writeRows(out, statistics.features().probabilities());
				writeRows(out, new double[][] { statistics.gaussian().mean() });
				DMatrixRMaj covariance = statistics.gaussian().covariance();
				double[][] rows = new double[covariance.numRows][covariance.numCols];
				for (int i = 0; i < rows.length; i++) {
					System.arraycopy(covariance.data, i * covariance.numCols, rows[i], 0, covariance.numCols);
				}
				writeRows(out, rows);
			}
			AtomicFiles.write(file, bytes.toByteArray());
		}
		catch (IOException ex) {
			// A cache that cannot be written only costs time next run.
			log.warn("Cannot write reference cache {}: {}", file, ex.getMessage());
		}
	}

	private static void writeRows(DataOutputStream out, double[][] rows) throws IOException {
		out.writeInt(rows.length);
		out.writeInt(rows[0].length);
		for (double[] row : rows) {
			for (double v : row) {
				out.writeDouble(v);
			}
		}
	}

	private static double[][] readRows(DataInputStream in) throws IOException {
		int n = in.readInt();
		int d = in.readInt();
		if (n < 1 || d < 1 || (long) n * d > 50_000_000L) {
			throw new IOException("implausible matrix " + n + "x" + d);
		}
		double[][] rows = new double[n][d];
		for (double[] row : rows) {
			for (int j = 0; j < d; j++) {
				row[j] = in.readDouble();
			}
		}
		return rows;
	}

}
