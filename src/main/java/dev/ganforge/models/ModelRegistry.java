package dev.ganforge.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.ganforge.checkpoint.CheckpointException;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The generators being served: one per sub-directory of the models directory, keyed by
 * the directory's name.
 *
 * <p>
 * Start-up: {@link CheckpointStore#recover} tidies up after a crashed write, then every
 * sub-directory with a {@code manifest.json} whose name is a valid model name is loaded.
 * A model that fails to load (corrupt, truncated, unknown format version) is listed as
 * FAILED with the reason; the others serve and the service starts regardless. Hidden
 * directories (temporary writes, {@code .archive}) are never served.
 *
 * <p>
 * Hot reload: every {@code pollInterval} a daemon thread compares each model directory's
 * fingerprint (identity, modification time and size of its manifest and generator) with
 * the one it was loaded from. A new or replaced model is loaded first and then swapped in
 * with one map write, so requests see either the old or the new model, never neither; the
 * old one is then closed, which waits for generate calls in flight. A model replaced by a
 * checkpoint that fails to load becomes FAILED: the status always describes what is on
 * disk. A caller that looked a model up just before it was swapped out gets an
 * {@link IllegalStateException} from {@link LoadedModel#generate} and may simply
 * {@link #require} it again.
 */
@Component
public class ModelRegistry implements SmartLifecycle, AutoCloseable {

	/** Deleted models are moved here, inside the models directory. */
	static final String ARCHIVE = ".archive";

	/**
	 * The default chosen at run time ({@link #chooseDefault}), kept in the models
	 * directory so that it survives a restart; hidden, so never taken for a model.
	 */
	static final String DEFAULT_FILE = ".default";

	private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

	private static final DateTimeFormatter ARCHIVE_STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final ModelSettings settings;

	private final DefaultModelChoice choice;

	private final Map<String, Entry> models = new ConcurrentHashMap<>();

	// Serialises scans and deletes; lookups never take it.
	private final Object changes = new Object();

	// Guards starting and stopping the poller, so that stopping never waits for a load.
	private final Object lifecycle = new Object();

	private volatile ScheduledExecutorService poller;

	// The default chosen at run time, or null: it takes precedence over the configured
	// one.
	private volatile String chosenDefault;

	/**
	 * Creates an empty registry, its default chosen at run time kept in the models
	 * directory; {@link #start} loads the models.
	 * @param settings where the models are
	 */
	public ModelRegistry(ModelSettings settings) {
		this(settings, DefaultModelChoice.file(settings.dir()));
	}

	/**
	 * Creates an empty registry; {@link #start} loads the models.
	 * @param settings where the models are
	 * @param choice where the default chosen at run time is kept
	 */
	public ModelRegistry(ModelSettings settings, DefaultModelChoice choice) {
		this.settings = settings;
		this.choice = choice;
	}

	/**
	 * The registry of the service: the default chosen at run time is kept where the
	 * {@link DefaultModelChoice} bean says (the job database in cluster mode), else in
	 * the models directory.
	 * @param settings where the models are
	 * @param choice the choice's keeper, if one is configured
	 */
	@Autowired
	public ModelRegistry(ModelSettings settings, ObjectProvider<DefaultModelChoice> choice) {
		this(settings, choice.getIfAvailable(() -> DefaultModelChoice.file(settings.dir())));
	}

	/**
	 * The model to serve a request.
	 * @param nameOrNull the model's name; null or blank for the default model
	 * @return the loaded model
	 * @throws ModelNotFoundException if there is no such model (or no default)
	 * @throws ModelUnavailableException if the model failed to load
	 */
	public LoadedModel require(String nameOrNull) {
		String name = (nameOrNull == null || nameOrNull.isBlank()) ? defaultModelName().orElse(null) : nameOrNull;
		Entry entry = (name != null) ? this.models.get(name) : null;
		if (entry == null) {
			throw new ModelNotFoundException(name, names());
		}
		if (entry.model() == null) {
			throw new ModelUnavailableException(entry.name(), entry.reason());
		}
		return entry.model();
	}

	/**
	 * Every model in the directory, READY or FAILED.
	 * @return their statuses, sorted by name
	 */
	public List<ModelStatus> list() {
		String defaultName = defaultModelName().orElse(null);
		return this.models.values()
			.stream()
			.sorted(Comparator.comparing(Entry::name))
			.map((entry) -> entry.status(entry.name().equals(defaultName)))
			.toList();
	}

	/**
	 * One model's status.
	 * @param name the model's name (any string)
	 * @return its status, or empty if there is no such model
	 */
	public Optional<ModelStatus> status(String name) {
		Entry entry = (name != null) ? this.models.get(name) : null;
		return Optional.ofNullable(entry).map((e) -> e.status(e.name().equals(defaultModelName().orElse(null))));
	}

	/**
	 * One model's status, for a request that names it.
	 * @param name the model's name as the client sent it
	 * @return its status
	 * @throws InvalidModelNameException if the name cannot be a model's
	 * @throws ModelNotFoundException if there is no such model
	 */
	public ModelStatus describe(String name) {
		ModelNames.requireValid(name);
		return status(name).orElseThrow(() -> new ModelNotFoundException(name, names()));
	}

	/**
	 * One model's manifest, also for a FAILED model whose manifest could be read.
	 * @param name the model's name (any string)
	 * @return the manifest, or empty if there is no such model or it has no readable
	 * manifest
	 */
	public Optional<Manifest> manifest(String name) {
		Entry entry = (name != null) ? this.models.get(name) : null;
		return Optional.ofNullable(entry).map(Entry::manifest);
	}

	/**
	 * The model that serves requests naming none: the one chosen at run time while it is
	 * in the directory, else the configured default while it is in the directory (READY
	 * or not), otherwise the first READY model by name.
	 * @return its name, or empty if no model qualifies
	 */
	public Optional<String> defaultModelName() {
		String chosen = this.chosenDefault;
		if (chosen != null && this.models.containsKey(chosen)) {
			return Optional.of(chosen);
		}
		String configured = this.settings.defaultModel();
		if (configured != null && this.models.containsKey(configured)) {
			return Optional.of(configured);
		}
		return this.models.values()
			.stream()
			.filter((entry) -> entry.model() != null)
			.map(Entry::name)
			.min(Comparator.naturalOrder());
	}

	/**
	 * Makes a model the default, or forgets the choice, at run time. The choice is kept
	 * by the {@link DefaultModelChoice} ({@code <models dir>/.default}, or the job
	 * database in cluster mode), read back at start-up and at every poll; it outranks
	 * {@code ganforge.models.default-model}. Like that setting it names a directory: if
	 * the model is deleted, the default falls back until a model of that name returns.
	 * @param name a READY model's name, or null to fall back to the configured default
	 * @return the default model's name now, or empty if no model qualifies
	 * @throws InvalidModelNameException if the name is not a valid model name
	 * @throws ModelNotFoundException if there is no such model
	 * @throws ModelUnavailableException if the model failed to load
	 * @throws RuntimeException if the choice cannot be saved (nothing changes): an
	 * {@link UncheckedIOException} from the file, the job store's unavailability from the
	 * database
	 */
	public Optional<String> chooseDefault(String name) {
		synchronized (this.changes) {
			if (name != null) {
				require(ModelNames.requireValid(name));
			}
			this.choice.write(name);
			this.chosenDefault = name;
			log.info("Default model {}", (name != null) ? "set to " + name : "choice cleared");
			return defaultModelName();
		}
	}

	/**
	 * Rescans the models directory now: loads new and replaced models and unloads removed
	 * ones. The poll calls this; so may anything that has just published a model.
	 * @throws UncheckedIOException if the directory cannot be listed (nothing changes)
	 */
	public void reload() {
		synchronized (this.changes) {
			// Another node sharing the directory may have chosen another default.
			String chosen = readChosenDefault();
			if (!Objects.equals(chosen, this.chosenDefault)) {
				log.info("Default model choice {} (in {})", (chosen != null) ? "is now " + chosen : "cleared",
						this.choice.where());
				this.chosenDefault = chosen;
			}
			Map<String, Path> found = scan();
			for (String name : List.copyOf(this.models.keySet())) {
				if (!found.containsKey(name)) {
					Entry removed = this.models.remove(name);
					log.info("Model {} was removed from {}; unloading it", name, this.settings.dir());
					removed.close();
				}
			}
			found.forEach(this::refresh);
		}
	}

	/**
	 * Unloads a model and moves its directory to
	 * {@code <models dir>/.archive/<name>-<UTC timestamp>/}, which is never served.
	 * @param name the model's name
	 * @throws InvalidModelNameException if the name is not a valid model name
	 * @throws ModelNotFoundException if there is no such model
	 * @throws UncheckedIOException if the directory cannot be moved (the model stays)
	 */
	public void delete(String name) {
		ModelNames.requireValid(name);
		synchronized (this.changes) {
			Entry entry = this.models.get(name);
			if (entry == null) {
				throw new ModelNotFoundException(name, names());
			}
			Path source = this.settings.dir().resolve(name);
			if (Files.exists(source)) {
				try {
					Path archive = Files.createDirectories(this.settings.dir().resolve(ARCHIVE));
					String stamp = name + "-" + ARCHIVE_STAMP.format(Instant.now());
					Path target = archive.resolve(stamp);
					for (int i = 2; Files.exists(target); i++) {
						target = archive.resolve(stamp + "-" + i);
					}
					Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
					log.info("Model {} deleted: archived to {}", name, target);
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot archive model " + name + ": " + ex.getMessage(), ex);
				}
			}
			this.models.remove(name);
			entry.close();
		}
	}

	/** Tidies up after a crash, loads the models and starts polling for changes. */
	@Override
	public void start() {
		synchronized (this.lifecycle) {
			if (this.poller != null) {
				return;
			}
			try {
				CheckpointStore.recover(this.settings.dir());
			}
			catch (UncheckedIOException ex) {
				log.warn("Cannot clean up interrupted writes in {}: {}", this.settings.dir(), ex.getMessage());
			}
			this.chosenDefault = readChosenDefault();
			try {
				reload();
			}
			catch (UncheckedIOException ex) {
				log.error("Cannot read the models directory {}: {}", this.settings.dir(), ex.getMessage());
			}
			this.poller = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "model-poller");
				thread.setDaemon(true);
				return thread;
			});
			long interval = this.settings.pollInterval().toMillis();
			this.poller.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
			log.info("Serving {} of {} models from {}", countReady(), this.models.size(), this.settings.dir());
		}
	}

	/** Stops polling; the models keep serving until {@link #close}. */
	@Override
	public void stop() {
		ScheduledExecutorService stopping;
		synchronized (this.lifecycle) {
			stopping = this.poller;
			this.poller = null;
		}
		if (stopping != null) {
			stopping.shutdownNow();
			try {
				stopping.awaitTermination(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.poller != null;
	}

	/**
	 * Before the web server starts, so that the first request finds the models loaded;
	 * and so it stops after the web server has drained.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	/** Stops polling and unloads every model, waiting for generate calls in flight. */
	@Override
	public void close() {
		stop();
		synchronized (this.changes) {
			this.models.values().forEach(Entry::close);
			this.models.clear();
		}
	}

	private void poll() {
		try {
			reload();
		}
		catch (RuntimeException ex) {
			log.warn("Cannot rescan the models directory {}: {}", this.settings.dir(), ex.getMessage());
		}
	}

	private void refresh(String name, Path dir) {
		Fingerprint fingerprint = Fingerprint.of(dir);
		Entry current = this.models.get(name);
		if (current != null && current.fingerprint().equals(fingerprint)) {
			return;
		}
		Entry loaded = load(name, dir, fingerprint);
		this.models.put(name, loaded);
		if (current != null) {
			log.info("Model {} was replaced; now {} at step {}", name, loaded.state(),
					(loaded.manifest() != null) ? loaded.manifest().step() : "?");
			current.close();
		}
	}

	private Entry load(String name, Path dir, Fingerprint fingerprint) {
		try {
			LoadedModel model = LoadedModel.load(dir);
			log.info("Loaded model {} (step {})", name, model.manifest().step());
			return new Entry(name, fingerprint, model, model.manifest(), null);
		}
		catch (CheckpointException | UncheckedIOException ex) {
			log.warn("Model {} failed to load: {}", name, ex.getMessage());
			return new Entry(name, fingerprint, null, readableManifest(dir), reason(ex, dir, name));
		}
		catch (RuntimeException ex) {
			log.warn("Model {} failed to load", name, ex);
			return new Entry(name, fingerprint, null, readableManifest(dir),
					"an unexpected error (the server log has the cause)");
		}
	}

	/**
	 * The choice as kept now; while it cannot be read, the one known before.
	 */
	private String readChosenDefault() {
		Optional<String> chosen;
		try {
			chosen = this.choice.read();
		}
		catch (RuntimeException ex) {
			log.warn("Cannot read the chosen default model ({}), keeping {}: {}", this.choice.where(),
					this.chosenDefault, ex.getMessage());
			return this.chosenDefault;
		}
		if (chosen.isPresent() && !ModelNames.isValid(chosen.get())) {
			log.warn("Ignoring the chosen default model ({}): not a model name", this.choice.where());
			return null;
		}
		return chosen.orElse(null);
	}

	private static Manifest readableManifest(Path dir) {
		try {
			return CheckpointStore.readManifest(dir);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	// The reason is shown to clients: name the model, not the server's path to it.
	private static String reason(RuntimeException ex, Path dir, String name) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
		return message.replace(dir.toAbsolutePath().toString(), name).replace(dir.toString(), name);
	}

	private Map<String, Path> scan() {
		Path root = this.settings.dir();
		Map<String, Path> found = new TreeMap<>();
		if (!Files.exists(root)) {
			return found;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (ModelNames.isValid(name) && Files.isDirectory(entry)
						&& Files.isRegularFile(entry.resolve(CheckpointStore.MANIFEST))) {
					found.put(name, entry);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the models directory " + root, ex);
		}
		return found;
	}

	private List<String> names() {
		List<String> names = new ArrayList<>(this.models.keySet());
		names.sort(Comparator.naturalOrder());
		return names;
	}

	private long countReady() {
		return this.models.values().stream().filter((entry) -> entry.model() != null).count();
	}

	/**
	 * A model directory as loaded.
	 *
	 * @param name the model's name
	 * @param fingerprint what was on disk when it was loaded
	 * @param model the loaded model, or null when it failed
	 * @param manifest its manifest, or null when unreadable
	 * @param reason why it failed, or null when READY
	 */
	private record Entry(String name, Fingerprint fingerprint, LoadedModel model, Manifest manifest, String reason) {

		ModelState state() {
			return (this.model != null) ? ModelState.READY : ModelState.FAILED;
		}

		ModelStatus status(boolean isDefault) {
			return ModelStatus.of(this.name, this.reason, this.manifest, isDefault);
		}

		void close() {
			if (this.model != null) {
				this.model.close();
			}
		}

	}

	/**
	 * Identity, modification time and size of the files that make a model. The file keys
	 * (inodes) change when a checkpoint is replaced by renaming a new directory into
	 * place, even within one tick of the modification-time clock.
	 */
	private record Fingerprint(FileState manifest, FileState generator) {

		static Fingerprint of(Path dir) {
			return new Fingerprint(FileState.of(dir.resolve(CheckpointStore.MANIFEST)),
					FileState.of(dir.resolve(CheckpointStore.GENERATOR)));
		}

	}

	private record FileState(Object key, FileTime modified, long size) {

		private static final FileState MISSING = new FileState(null, null, -1);

		static FileState of(Path file) {
			try {
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
				return new FileState(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
			}
			catch (NoSuchFileException ex) {
				return MISSING;
			}
			catch (IOException ex) {
				return new FileState(null, null, -2);
			}
		}

	}

}
