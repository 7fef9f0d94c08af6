package dev.ganforge.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.nn.Networks;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.TrainingConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes checkpoint directories.
 *
 * <p>
 * Layout of a model directory, {@code models/<name>/}: {@code manifest.json},
 * {@code generator.params} (DJL's parameter format) and {@code samples.png} (an 8x8 grid
 * from the run's fixed noise). A resumable snapshot,
 * {@code <run>/snapshots/step-000001200/}, also holds {@code discriminator.params},
 * {@code optimizer-g.ndlist} and {@code optimizer-d.ndlist}, and with {@code emaDecay} on
 * {@code generator-ema.params}, the average of G's weights; its {@code generator.params}
 * is always the G being trained. With {@code spectralNorm} on,
 * {@code discriminator.params} also holds each layer's power iteration vector. A model
 * directory's {@code generator.params} is the generator that is served: the average when
 * {@code emaDecay} is on.
 *
 * <p>
 * Atomicity: every checkpoint is written into a hidden temporary sibling directory,
 * flushed to disk, then renamed into place, so a crash never leaves a directory that
 * loads half. Replacing an existing model renames the old one aside first;
 * {@link #recover} puts it back if a crash fell between the two renames. Parameter files
 * carry a SHA-256 in the manifest, so corruption on disk is detected at load.
 */
public final class CheckpointStore {

	/** File names inside a checkpoint directory. */
	public static final String MANIFEST = "manifest.json";

	public static final String GENERATOR = "generator.params";

	public static final String GENERATOR_AVERAGE = "generator-ema.params";

	public static final String DISCRIMINATOR = "discriminator.params";

	public static final String OPTIMIZER_G = "optimizer-g.ndlist";

	public static final String OPTIMIZER_D = "optimizer-d.ndlist";

	public static final String SAMPLES = "samples.png";

	private static final String SNAPSHOTS = "snapshots";

	private static final String TEMP_PREFIX = ".tmp-";

	private static final String OLD_PREFIX = ".old-";

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private CheckpointStore() {
	}

	/**
	 * Writes (or atomically replaces) a servable model directory: manifest, generator and
	 * sample grid.
	 * @param modelDir the directory, e.g. {@code models/fashion-dcgan-64}
	 * @param manifest the manifest; its name is set to the directory's name
	 * @param generator the generator's parameters
	 * @param samplesPng an 8x8 sample grid, or null
	 */
	public static void writeModel(Path modelDir, Manifest manifest, Block generator, byte[] samplesPng) {
		writeAtomically(modelDir, (dir) -> {
			Map<String, String> sums = new LinkedHashMap<>();
			sums.put(GENERATOR, writeParameters(dir.resolve(GENERATOR), generator));
			if (samplesPng != null) {
				Files.write(dir.resolve(SAMPLES), samplesPng);
			}
			writeManifest(dir, manifest.withNameAndChecksums(modelDir.getFileName().toString(), sums));
		});
	}

	/**
	 * Writes (or atomically replaces) a servable model directory from a trainer: its
	 * served generator, which is the average of G's weights when {@code emaDecay} is on.
	 * @param modelDir the directory, e.g. {@code models/fashion-dcgan-64}
	 * @param manifest the manifest; its name is set to the directory's name
	 * @param trainer the trainer
	 * @param samplesPng an 8x8 sample grid, or null
	 */
	public static void writeModel(Path modelDir, Manifest manifest, GanTrainer trainer, byte[] samplesPng) {
		writeModel(modelDir, manifest, trainer.servedGenerator(), samplesPng);
	}

	/**
	 * Copies a servable model directory to another name, as a run exports its best
	 * checkpoint: the generator is checked against its checksum, the manifest takes the
	 * new directory's name, and the copy is written atomically like every checkpoint.
	 * @param source a model directory, e.g. {@code runs/x/best}
	 * @param modelDir the copy, e.g. {@code models/x-best}
	 * @return the copy's manifest
	 * @throws CheckpointException if the source is incomplete or corrupt
	 */
	public static Manifest exportModel(Path source, Path modelDir) {
		Manifest manifest = readManifest(source);
		byte[] generator = verified(source, GENERATOR, manifest);
		Manifest renamed = manifest.withNameAndChecksums(modelDir.getFileName().toString(), manifest.sha256());
		writeAtomically(modelDir, (dir) -> {
			Files.write(dir.resolve(GENERATOR), generator);
			if (Files.isRegularFile(source.resolve(SAMPLES))) {
				Files.copy(source.resolve(SAMPLES), dir.resolve(SAMPLES));
			}
			writeManifest(dir, renamed);
		});
		return renamed;
	}

	/**
	 * Replaces a model's quality metrics in its manifest, written by {@link AtomicFiles}
	 * so that readers see the old or the new manifest, never half of one.
	 * @param modelDir the model directory
	 * @param metrics the metrics, replacing any recorded before
	 * @return the manifest as written
	 * @throws CheckpointException if the manifest cannot be read
	 */
	public static Manifest writeMetrics(Path modelDir, Map<String, Object> metrics) {
		Manifest manifest = readManifest(modelDir).withMetrics(metrics);
		try {
			AtomicFiles.write(modelDir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));
			return manifest;
		}
		catch (IOException | JacksonException ex) {
			throw new UncheckedIOException("Cannot write the manifest of " + modelDir + ": " + ex.getMessage(),
					(ex instanceof IOException io) ? io : new IOException(ex));
		}
	}

	/**
	 * Writes (or atomically replaces) a directory of another kind, such as a feature
	 * extractor, the way checkpoints are written: into a hidden temporary sibling,
	 * flushed, then renamed into place.
	 * @param target the directory
	 * @param writer fills the temporary directory
	 */
	public static void writeDirectory(Path target, DirectoryWriter writer) {
		writeAtomically(target, writer);
	}

	/**
	 * Reads a file after checking it against an expected SHA-256.
	 * @param file the file
	 * @param expectedSha256 the hex SHA-256 it must have
	 * @return its bytes
	 * @throws CheckpointException if it is missing, unreadable or corrupt
	 */
	public static byte[] readVerified(Path file, String expectedSha256) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new CheckpointException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
		String actual = HexFormat.of().formatHex(sha256().digest(bytes));
		if (expectedSha256 == null || !actual.equalsIgnoreCase(expectedSha256)) {
			throw new CheckpointException(
					file + " is corrupt (SHA-256 " + actual + ", expected " + expectedSha256 + ")", null);
		}
		return bytes;
	}

	/**
	 * Writes a resumable snapshot of a trainer under {@code runDir/snapshots/} and
	 * deletes all but the newest {@code keep} snapshots.
	 * @param runDir the run's directory
	 * @param manifest the manifest of the trainer's current state
	 * @param trainer the trainer
	 * @param keep how many snapshots to keep, at least 1
	 * @return the snapshot's directory
	 */
	public static Path writeSnapshot(Path runDir, Manifest manifest, GanTrainer trainer, int keep) {
		Path dir = runDir.resolve(SNAPSHOTS).resolve(String.format("step-%09d", trainer.completedSteps()));
		writeAtomically(dir, (tmp) -> {
			Map<String, String> sums = new LinkedHashMap<>();
			sums.put(GENERATOR, writeParameters(tmp.resolve(GENERATOR), trainer.generator()));
			sums.put(DISCRIMINATOR, writeParameters(tmp.resolve(DISCRIMINATOR), trainer.discriminator()));
			Optional<Block> average = trainer.generatorAverage();
			if (average.isPresent()) {
				sums.put(GENERATOR_AVERAGE, writeParameters(tmp.resolve(GENERATOR_AVERAGE), average.get()));
			}
			try (NDManager scope = trainer.manager().newSubManager()) {
				GanTrainer.OptimizerState state = trainer.optimizerState(scope);
				sums.put(OPTIMIZER_G, writeBytes(tmp.resolve(OPTIMIZER_G), state.generator().encode()));
				sums.put(OPTIMIZER_D, writeBytes(tmp.resolve(OPTIMIZER_D), state.discriminator().encode()));
			}
			writeManifest(tmp, manifest.withNameAndChecksums(manifest.name(), sums));
		});
		prune(runDir.resolve(SNAPSHOTS), Math.max(1, keep));
		return dir;
	}

	/**
	 * The newest complete snapshot of a run.
	 * @param runDir the run's directory
	 * @return the snapshot directory, if any
	 */
	public static Optional<Path> latestSnapshot(Path runDir) {
		List<Path> snapshots = snapshots(runDir.resolve(SNAPSHOTS));
		return snapshots.isEmpty() ? Optional.empty() : Optional.of(snapshots.get(snapshots.size() - 1));
	}

	/**
	 * The latest snapshot of a run at or before a step: where a rollback goes.
	 * @param runDir the run directory
	 * @param step the latest step acceptable
	 * @return its directory, if there is one
	 */
	public static Optional<Path> latestSnapshotAtOrBefore(Path runDir, long step) {
		return snapshots(runDir.resolve(SNAPSHOTS)).stream()
			.filter((dir) -> readManifest(dir).step() <= step)
			.reduce((first, second) -> second);
	}

	/**
	 * Reads and checks a checkpoint's manifest.
	 * @param dir the checkpoint directory
	 * @return the manifest
	 * @throws CheckpointException if it is missing, unreadable, of another format version
	 * or holds impossible sizes
	 */
	public static Manifest readManifest(Path dir) {
		Path file = dir.resolve(MANIFEST);
		Manifest manifest;
		try {
			manifest = JSON.readValue(file.toFile(), Manifest.class);
		}
		catch (JacksonException ex) {
			if (ex.getCause() instanceof NoSuchFileException || !Files.exists(file)) {
				throw new CheckpointException("Checkpoint " + dir + " has no " + MANIFEST, ex);
			}
			throw new CheckpointException(
					"Checkpoint " + dir + " has an unreadable " + MANIFEST + ": " + CheckpointException.describe(ex),
					ex);
		}
		if (manifest == null) {
			throw new CheckpointException("Checkpoint " + dir + " has an empty " + MANIFEST, null);
		}
		if (manifest.formatVersion() != Manifest.FORMAT_VERSION) {
			throw new CheckpointException("Checkpoint " + dir + " has format version " + manifest.formatVersion()
					+ "; this GANForge reads version " + Manifest.FORMAT_VERSION, null);
		}
		try {
			manifest.network();
		}
		catch (IllegalArgumentException ex) {
			throw new CheckpointException("Checkpoint " + dir + " describes an impossible network: " + ex.getMessage(),
					ex);
		}
		return manifest;
	}

	/**
	 * Loads a checkpoint's generator after checking its checksum.
	 * @param dir the checkpoint directory
	 * @param manifest its manifest
	 * @param manager owns the parameters
	 * @return the generator, ready for eval-mode forward passes
	 * @throws CheckpointException if the file is missing, corrupt or does not fit the
	 * manifest
	 */
	public static Block loadGenerator(Path dir, Manifest manifest, NDManager manager) {
		NetworkSpec spec = manifest.network();
		Block generator = Networks.generator(spec);
		// Not initialised first: loading sets every parameter and the input shapes, as
		// DJL's own model loading does, so serving draws nothing and allocates nothing
		// twice.
		loadParameters(dir, GENERATOR, manifest, generator, manager);
		return generator;
	}

	/**
	 * Rebuilds a trainer from a snapshot: both networks, both optimisers, the step count
	 * and, with {@code emaDecay} on, G's weight average. A snapshot taken with EMA off
	 * starts the average from the restored G.
	 * @param snapshotDir the snapshot directory
	 * @param config the configuration to continue with; its network and
	 * {@code spectralNorm} must equal the snapshot's
	 * @return the trainer, ready to continue
	 * @throws CheckpointException if the snapshot is incomplete, corrupt or does not fit
	 */
	public static GanTrainer restore(Path snapshotDir, TrainingConfig config) {
		Manifest manifest = readManifest(snapshotDir);
		if (!manifest.network().equals(config.network())) {
			throw new CheckpointException("Snapshot " + snapshotDir + " holds " + manifest.network()
					+ ", not the requested " + config.network(), null);
		}
		// Spectral normalisation changes D's layers, so it cannot be switched on resume.
		boolean spectralNorm = manifest.hyperparameters() != null
				&& Boolean.TRUE.equals(manifest.hyperparameters().spectralNorm());
		if (spectralNorm != config.stabilisers().spectralNorm()) {
			throw new CheckpointException("Snapshot " + snapshotDir + " was trained with spectralNorm=" + spectralNorm
					+ "; resume it with the same setting", null);
		}
		GanTrainer trainer = new GanTrainer(config);
		try {
			loadParameters(snapshotDir, GENERATOR, manifest, trainer.generator(), trainer.manager());
			loadParameters(snapshotDir, DISCRIMINATOR, manifest, trainer.discriminator(), trainer.manager());
			Optional<Block> average = trainer.generatorAverage();
			if (average.isPresent() && manifest.sha256() != null && manifest.sha256().containsKey(GENERATOR_AVERAGE)) {
				loadParameters(snapshotDir, GENERATOR_AVERAGE, manifest, average.get(), trainer.manager());
			}
			else {
				trainer.restartGeneratorAverage();
			}
			try (NDManager scope = trainer.manager().newSubManager()) {
				NDList g = NDList.decode(scope, verified(snapshotDir, OPTIMIZER_G, manifest));
				NDList d = NDList.decode(scope, verified(snapshotDir, OPTIMIZER_D, manifest));
				trainer.restore(manifest.step(), new GanTrainer.OptimizerState(g, d));
			}
			return trainer;
		}
		catch (RuntimeException ex) {
			trainer.close();
			if (ex instanceof CheckpointException) {
				throw ex;
			}
			throw new CheckpointException("Snapshot " + snapshotDir + " cannot be restored: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Cleans up after a crash in a directory of checkpoints: restores a model whose
	 * replacement was interrupted between its two renames, and deletes abandoned
	 * temporary directories.
	 * @param parent e.g. {@code models/}
	 */
	public static void recover(Path parent) {
		if (!Files.isDirectory(parent)) {
			return;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, ".*")) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (name.startsWith(OLD_PREFIX)) {
					Path original = parent.resolve(originalName(name.substring(OLD_PREFIX.length())));
					if (!Files.exists(original)) {
						Files.move(entry, original, StandardCopyOption.ATOMIC_MOVE);
						continue;
					}
					deleteTree(entry);
				}
				else if (name.startsWith(TEMP_PREFIX)) {
					deleteTree(entry);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot recover checkpoints in " + parent, ex);
		}
	}

	private static void loadParameters(Path dir, String file, Manifest manifest, Block block, NDManager manager) {
		byte[] bytes = verified(dir, file, manifest);
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			block.loadParameters(manager, in);
		}
		catch (IOException | MalformedModelException | RuntimeException ex) {
			throw new CheckpointException("Checkpoint " + dir + ": " + file + " does not fit a " + manifest.network()
					+ " (" + ex.getMessage() + ")", ex);
		}
	}

	private static byte[] verified(Path dir, String file, Manifest manifest) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(dir.resolve(file));
		}
		catch (NoSuchFileException ex) {
			throw new CheckpointException("Checkpoint " + dir + " has no " + file, ex);
		}
		catch (IOException ex) {
			throw new CheckpointException("Checkpoint " + dir + ": cannot read " + file + ": " + ex.getMessage(), ex);
		}
		String expected = (manifest.sha256() != null) ? manifest.sha256().get(file) : null;
		if (expected == null) {
			throw new CheckpointException("Checkpoint " + dir + ": " + MANIFEST + " has no checksum for " + file, null);
		}
		String actual = HexFormat.of().formatHex(sha256().digest(bytes));
		if (!actual.equalsIgnoreCase(expected)) {
			throw new CheckpointException("Checkpoint " + dir + ": " + file + " is corrupt (SHA-256 " + actual
					+ ", manifest says " + expected + ")", null);
		}
		return bytes;
	}

	/**
	 * Writes a block's parameters in DJL's format.
	 * @param file the file
	 * @param block the block
	 * @return the file's hex SHA-256
	 * @throws IOException if the file cannot be written
	 */
	public static String writeParameters(Path file, Block block) throws IOException {
		MessageDigest digest = sha256();
		try (OutputStream raw = Files.newOutputStream(file);
				DataOutputStream out = new DataOutputStream(
						new java.io.BufferedOutputStream(new DigestOutputStream(raw, digest)))) {
			block.saveParameters(out);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String writeBytes(Path file, byte[] bytes) throws IOException {
		Files.write(file, bytes);
		return HexFormat.of().formatHex(sha256().digest(bytes));
	}

	private static void writeManifest(Path dir, Manifest manifest) throws IOException {
		try {
			JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
		}
		catch (JacksonException ex) {
			throw new IOException("Cannot write " + MANIFEST + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private static void writeAtomically(Path target, DirectoryWriter writer) {
		Path parent = target.toAbsolutePath().getParent();
		String name = target.getFileName().toString();
		Path tmp = parent.resolve(TEMP_PREFIX + name + "-" + UUID.randomUUID());
		try {
			Files.createDirectories(parent);
			Files.createDirectory(tmp);
			writer.write(tmp);
			syncTree(tmp);
			if (Files.exists(target)) {
				Path old = parent.resolve(OLD_PREFIX + name + "-" + UUID.randomUUID());
				move(target, old);
				move(tmp, target);
				deleteTree(old);
			}
			else {
				move(tmp, target);
			}
			sync(parent);
		}
		catch (IOException | RuntimeException ex) {
			try {
				deleteTree(tmp);
			}
			catch (IOException cleanup) {
				ex.addSuppressed(cleanup);
			}
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + ex.getMessage(),
					(IOException) ex);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException | FileAlreadyExistsException ex) {
			throw new IOException("Cannot rename " + from + " to " + to + " atomically", ex);
		}
	}

	private static void prune(Path snapshotsDir, int keep) {
		// A run killed while it wrote a snapshot left its temporary directory behind; a
		// run directory has one writer, so every temporary directory but the one just
		// renamed into place is abandoned.
		recover(snapshotsDir);
		List<Path> snapshots = snapshots(snapshotsDir);
		for (int i = 0; i < snapshots.size() - keep; i++) {
			try {
				deleteTree(snapshots.get(i));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot delete old snapshot " + snapshots.get(i), ex);
			}
		}
	}

	private static List<Path> snapshots(Path snapshotsDir) {
		if (!Files.isDirectory(snapshotsDir)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(snapshotsDir)) {
			return entries.filter((p) -> p.getFileName().toString().startsWith("step-"))
				.filter((p) -> Files.exists(p.resolve(MANIFEST)))
				.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list snapshots in " + snapshotsDir, ex);
		}
	}

	private static String originalName(String suffixed) {
		// <name>-<uuid>: a UUID has 36 characters
		return suffixed.substring(0, Math.max(0, suffixed.length() - 37));
	}

	private static void syncTree(Path dir) throws IOException {
		List<Path> files = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.filter(Files::isRegularFile).forEach(files::add);
		}
		for (Path file : files) {
			try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
		}
		sync(dir);
	}

	private static void sync(Path dir) {
		// Flushing a directory's entries works on Linux; elsewhere it may be refused,
		// which is harmless.
		try (var channel = java.nio.channels.FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// best effort
		}
	}

	static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/**
	 * Fills a temporary directory that is then renamed into place.
	 */
	@FunctionalInterface
	public interface DirectoryWriter {

		/**
		 * Writes the directory's files.
		 * @param dir the temporary directory
		 * @throws IOException if a file cannot be written
		 */
		void write(Path dir) throws IOException;

	}

}
