package dev.ganforge.evaluation;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.ganforge.checkpoint.CheckpointException;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.nn.GradMode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained {@link FeatureNet} loaded from its directory, turning images into feature
 * vectors and class probabilities.
 *
 * <p>
 * Images of any supported size (16 to 128) and 1 or 3 channels are accepted and resized
 * to the network's input by {@link InputResizer}, so real and generated images of one
 * size always take the same path. Threading and native memory as in a served generator:
 * each call turns autograd off on its thread, runs in eval mode and frees its arrays in a
 * sub-manager; {@link #close} waits for calls in flight.
 */
public final class FeatureExtractor implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int BATCH = 250;

	private final ExtractorManifest manifest;

	private final NDManager manager;

	private final FeatureNet net;

	private final ParameterStore store;

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private boolean closed;

	private FeatureExtractor(ExtractorManifest manifest, NDManager manager, FeatureNet net) {
		this.manifest = manifest;
		this.manager = manager;
		this.net = net;
		this.store = new ParameterStore(manager, false);
	}

	/**
	 * Loads an extractor after checking its manifest and the checksum of its parameters.
	 * @param dir the extractor's directory
	 * @return the extractor
	 * @throws CheckpointException if the directory is missing, corrupt or of another
	 * format
	 */
	public static FeatureExtractor load(Path dir) {
		ExtractorManifest manifest = readManifest(dir);
		byte[] parameters = CheckpointStore.readVerified(dir.resolve(ExtractorManifest.PARAMETERS),
				manifest.checksum());
		NDManager manager = NDManager.newBaseManager("PyTorch");
		try {
			FeatureNet net = new FeatureNet();
			net.initialize(manager, DataType.FLOAT32, FeatureNet.inputShape(1));
			try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
				net.loadParameters(manager, in);
			}
			return new FeatureExtractor(manifest, manager, net);
		}
		catch (IOException | MalformedModelException | RuntimeException ex) {
			manager.close();
			if (ex instanceof CheckpointException checkpoint) {
				throw checkpoint;
			}
			throw new CheckpointException("Feature extractor " + dir + " cannot be loaded: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Wraps a network in training as an extractor, to measure it with the same code that
	 * evaluation uses. Closing the result does not close the manager.
	 */
	static FeatureExtractor wrap(ExtractorManifest manifest, NDManager manager, FeatureNet net) {
		return new FeatureExtractor(manifest, manager.newSubManager(), net);
	}

	/**
	 * Reads and checks an extractor's manifest.
	 * @param dir the extractor's directory
	 * @return the manifest
	 * @throws CheckpointException if it is missing, unreadable or of another kind or
	 * version
	 */
	public static ExtractorManifest readManifest(Path dir) {
		Path file = dir.resolve(ExtractorManifest.FILE);
		if (!Files.isRegularFile(file)) {
			throw new CheckpointException("Feature extractor " + dir + " has no " + ExtractorManifest.FILE, null);
		}
		ExtractorManifest manifest;
		try {
			manifest = JSON.readValue(file.toFile(), ExtractorManifest.class);
		}
		catch (JacksonException ex) {
			throw new CheckpointException("Feature extractor " + dir + " has an unreadable " + ExtractorManifest.FILE
					+ ": " + CheckpointException.describe(ex), ex);
		}
		if (manifest == null || !ExtractorManifest.KIND.equals(manifest.kind())
				|| manifest.formatVersion() != ExtractorManifest.FORMAT_VERSION) {
			throw new CheckpointException("Feature extractor " + dir + " is not a " + ExtractorManifest.KIND
					+ " of format version " + ExtractorManifest.FORMAT_VERSION, null);
		}
		if (manifest.inputSize() != FeatureNet.INPUT_SIZE || manifest.featureDim() != FeatureNet.FEATURES
				|| manifest.classes() != FeatureNet.CLASSES || manifest.sha256() == null
				|| manifest.checksum() == null) {
			throw new CheckpointException("Feature extractor " + dir + " describes a network this code does not build",
					null);
		}
		return manifest;
	}

	/**
	 * Features and class probabilities of a batch of images.
	 * @param images count * channels * size * size values in [-1, 1], CHW per image
	 * @param count number of images
	 * @param channels 1 or 3
	 * @param size side of the square images, a power of two
	 * @return one feature vector and one distribution per image
	 * @throws IllegalStateException if the extractor was closed
	 */
	public Features extract(float[] images, int count, int channels, int size) {
		float[] input = InputResizer.toInput(images, count, channels, size);
		int side = FeatureNet.INPUT_SIZE * FeatureNet.INPUT_SIZE;
		double[][] embeddings = new double[count][];
		double[][] probabilities = new double[count][];
		GradMode.disableOnThisThread();
		this.lock.readLock().lock();
		try {
			if (this.closed) {
				throw new IllegalStateException("Feature extractor " + this.manifest.name() + " was closed");
			}
			for (int start = 0; start < count; start += BATCH) {
				int n = Math.min(BATCH, count - start);
				try (NDManager scope = this.manager.newSubManager()) {
					float[] batch = new float[n * side];
					System.arraycopy(input, start * side, batch, 0, batch.length);
					NDArray x = scope.create(batch, FeatureNet.inputShape(n));
					NDList features = this.net.trunk().forward(this.store, new NDList(x), false);
					NDArray logits = this.net.head().forward(this.store, features, false).singletonOrThrow();
					float[] f = features.singletonOrThrow().toFloatArray();
					float[] p = logits.softmax(1).toFloatArray();
					for (int i = 0; i < n; i++) {
						embeddings[start + i] = row(f, i, FeatureNet.FEATURES);
						probabilities[start + i] = row(p, i, FeatureNet.CLASSES);
					}
				}
			}
		}
		finally {
			this.lock.readLock().unlock();
		}
		return new Features(embeddings, probabilities);
	}

	private static double[] row(float[] values, int index, int length) {
		double[] row = new double[length];
		for (int j = 0; j < length; j++) {
			row[j] = values[index * length + j];
		}
		return row;
	}

	/**
	 * The manifest it was loaded from.
	 * @return the manifest
	 */
	public ExtractorManifest manifest() {
		return this.manifest;
	}

	/** Waits for calls in flight, then frees the native memory. */
	@Override
	public void close() {
		this.lock.writeLock().lock();
		try {
			if (!this.closed) {
				this.closed = true;
				this.manager.close();
			}
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

}
