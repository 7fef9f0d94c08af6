package dev.ganforge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.DiskSpace;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DataSettings;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.evaluation.Evaluator;
import dev.ganforge.evaluation.NoFeatureExtractorException;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.image.Images;
import dev.ganforge.models.ModelNames;
import dev.ganforge.nn.Architecture;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.DivergenceMonitor;
import dev.ganforge.training.GanLoss;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.StepStats;
import dev.ganforge.training.TrainingCallbacks;
import dev.ganforge.training.TrainingConfig;
import dev.ganforge.training.TrainingDivergedException;
import dev.ganforge.training.TrainingLoop;
import dev.ganforge.training.TrainingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains a GAN, writes fixed-noise sample grids, resumable snapshots and a
 * loss history under the run directory, and exports the generator to the output model
 * directory.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Train a GAN and export its generator as a servable model.")
final class TrainCommand implements Callable<Integer> {

	static final int EXIT_FAILED = 1;

	static final int EXIT_CANCELLED = 3;

	@Spec
	CommandSpec spec;

	@Mixin
	DataRootOptions data;

	@Mixin
	EvaluationOptions evaluation;

	@Option(names = "--dataset", defaultValue = "fashion-mnist",
			description = "fashion-mnist[:train|test], mnist[:train|test], folder:<path in a data root>, "
					+ "synthetic[:count] (default: ${DEFAULT-VALUE})")
	String dataset;

	@Option(names = "--arch", defaultValue = "dcgan", description = "dcgan or gan (default: ${DEFAULT-VALUE})")
	String architecture;

	@Option(names = "--image-size", defaultValue = "64", description = "16, 32, 64 or 128 (default: ${DEFAULT-VALUE})")
	int imageSize;

	@Option(names = "--channels", defaultValue = "1", description = "1 or 3 (default: ${DEFAULT-VALUE})")
	int channels;

	@Option(names = "--nz", defaultValue = "100", description = "Latent length (default: ${DEFAULT-VALUE})")
	int nz;

	@Option(names = "--ngf", defaultValue = "64", description = "Generator width (default: ${DEFAULT-VALUE})")
	int ngf;

	@Option(names = "--ndf", defaultValue = "64", description = "Discriminator width (default: ${DEFAULT-VALUE})")
	int ndf;

	@Option(names = "--epochs", defaultValue = "5", description = "Passes over the data (default: ${DEFAULT-VALUE})")
	int epochs;

	@Option(names = "--steps", defaultValue = "0", description = "Total steps; overrides --epochs when > 0")
	long steps;

	@Option(names = "--batch-size", defaultValue = "64", description = "Images per step (default: ${DEFAULT-VALUE})")
	int batchSize;

	@Option(names = "--lr", defaultValue = "2e-4",
			description = "Adam learning rate of G and D (default: ${DEFAULT-VALUE})")
	float learningRate;

	@Option(names = "--lr-d", description = "D's learning rate, if different from --lr")
	Float learningRateD;

	@Option(names = "--lr-g", description = "G's learning rate, if different from --lr")
	Float learningRateG;

	@Option(names = "--beta1", defaultValue = "0.5", description = "Adam beta1 (default: ${DEFAULT-VALUE})")
	float beta1;

	@Option(names = "--beta2", defaultValue = "0.999", description = "Adam beta2 (default: ${DEFAULT-VALUE})")
	float beta2;

	@Option(names = "--loss", defaultValue = "non-saturating",
			description = "non-saturating, minimax or hinge (default: ${DEFAULT-VALUE})")
	String loss;

	@Option(names = "--label-smoothing", defaultValue = "0",
			description = "One-sided label smoothing: D's real target is 1 minus this, e.g. 0.1 (default: off)")
	float labelSmoothing;

	@Option(names = "--ema-decay", defaultValue = "0",
			description = "Keep an average of G's weights with this decay, e.g. 0.999, and export it (default: off)")
	float emaDecay;

	@Option(names = "--d-steps", defaultValue = "1",
			description = "D updates per G update, each on its own batch (default: ${DEFAULT-VALUE})")
	int dSteps;

	@Option(names = "--spectral-norm",
			description = "Spectral normalisation of every D layer's weight (Miyato et al. 2018)")
	boolean spectralNorm;

	@Option(names = "--ema-rampup", defaultValue = "0",
			description = "Warm-up of the weight average: its half-life is at most this fraction of the steps done, "
					+ "e.g. 0.05 as in stylegan2-ada; needs --ema-decay (default: off)")
	float emaRampup;

	@Option(names = "--diff-augment", defaultValue = "",
			description = "Differentiable augmentation of every image D sees, real and fake (Zhao et al. 2020): "
					+ "translation, cutout or translation,cutout (default: off)")
	String diffAugment;

	@Option(names = "--conditional", description = "Train a class-conditional pair on the dataset's labels "
			+ "(IDX label files, the synthetic shapes, or a folder's first-level subfolders)")
	boolean conditional;

	@Option(names = "--seed", defaultValue = "42",
			description = "Seed of weights, data order and noise (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--sample-every", defaultValue = "200",
			description = "Steps between sample grids (default: ${DEFAULT-VALUE})")
	int sampleEvery;

	@Option(names = "--snapshot-every", defaultValue = "500",
			description = "Steps between snapshots (default: ${DEFAULT-VALUE})")
	int snapshotEvery;

	@Option(names = "--keep-snapshots", defaultValue = "2", description = "Snapshots kept (default: ${DEFAULT-VALUE})")
	int keepSnapshots;

	@Option(names = "--min-free-disk", defaultValue = "0", converter = DataSizeConverter.class,
			description = "Free disk space required before each snapshot and the export, e.g. 512MB; "
					+ "below it the run fails with a clear reason instead of writing (default: 0, no check)")
	long minFreeDisk;

	@Option(names = "--out", required = true,
			description = "Model directory to export to, e.g. models/fashion-dcgan-64")
	Path out;

	@Option(names = "--run-dir", description = "Where snapshots, samples and history go (default: runs/<model name>)")
	Path runDir;

	@Option(names = "--resume", description = "Continue from the run directory's latest snapshot")
	boolean resume;

	@Option(names = "--on-divergence", defaultValue = "warn",
			description = "warn, rollback (to the last snapshot before the trouble, with lower learning "
					+ "rates) or stop, when training diverges or collapses (default: ${DEFAULT-VALUE})")
	String onDivergenceId;

	private DivergencePolicy onDivergence;

	@Option(names = "--divergence-window", defaultValue = "200",
			description = "Steps of evidence for a divergence (default: ${DEFAULT-VALUE})")
	int divergenceWindow;

	@Option(names = "--max-rollbacks", defaultValue = "3",
			description = "Rollbacks before a diverging run stops (default: ${DEFAULT-VALUE})")
	int maxRollbacks;

	@Option(names = "--rollback-lr-factor", defaultValue = "0.5",
			description = "Factor on both learning rates at each rollback (default: ${DEFAULT-VALUE})")
	float rollbackLrFactor;

	@Option(names = "--evaluate-every", defaultValue = "0",
			description = "Steps between evaluations (FD and KID of the served generator against the "
					+ "dataset's test split), and one at the end; keeps the best generator by FD (default: off)")
	int evaluateEvery;

	@Option(names = "--evaluate-samples", defaultValue = "2000",
			description = "Images on each side of an evaluation, 10 to 10000; numbers are comparable only "
					+ "at equal counts (default: ${DEFAULT-VALUE})")
	int evaluateSamples;

	@Option(names = "--fd-rising-evaluations", defaultValue = "3",
			description = "Consecutive rises of FD that count as a divergence (default: ${DEFAULT-VALUE})")
	int fdRisingEvaluations;

	@Option(names = "--job", description = "Id of the service job this run is (recorded in the manifest's provenance)")
	String job;

	@Option(names = "--stdin-control", description = "Stop like SIGTERM on a 'cancel' line on stdin or when stdin "
			+ "closes: a job worker stops when the service that started it goes away")
	boolean stdinControl;

	@Option(names = "--progress", defaultValue = "bar",
			description = "bar (human), json (one JSON object per line on stdout, for job workers) or none")
	String progress;

	@Override
	public Integer call() {
		TrainingConfig config;
		try {
			config = config();
		}
		catch (IllegalArgumentException ex) {
			this.spec.commandLine().getErr().println("Invalid option: " + ex.getMessage());
			return picocli.CommandLine.ExitCode.USAGE;
		}
		Path run = (this.runDir != null) ? this.runDir : Path.of("runs").resolve(this.out.getFileName());
		Optional<Path> earlier = CheckpointStore.latestSnapshot(run);
		if (!this.resume && earlier.isPresent()) {
			// A fresh run there would truncate the earlier run's history, count its
			// training time as its own and lose its snapshots to the earlier run's
			// pruning.
			this.spec.commandLine()
				.getErr()
				.println("Invalid option: --run-dir " + run + " holds snapshots of an earlier run (latest "
						+ earlier.get().getFileName() + "): pass --resume to continue it, or choose another --run-dir");
			return picocli.CommandLine.ExitCode.USAGE;
		}
		DataSettings data = this.data.settings();
		DataRoots roots = data.dataRoots();
		Evaluator evaluator = null;
		if (this.evaluateEvery > 0) {
			evaluator = new Evaluator(this.evaluation.settings(this.evaluateSamples), data);
			try {
				// Refused up front: a run that cannot be evaluated must not fail midway.
				evaluator.requireExtractor(DatasetSpec.parse(config.dataset()));
			}
			catch (NoFeatureExtractorException ex) {
				this.spec.commandLine().getErr().println("Invalid option: --evaluate-every: " + ex.getMessage());
				return picocli.CommandLine.ExitCode.USAGE;
			}
		}
		try (Evaluator closing = evaluator) {
			return train(config, run, roots, closing);
		}
	}

	private int train(TrainingConfig given, Path run, DataRoots roots, Evaluator evaluator) {
		ProgressReporter reporter = ProgressReporter.of(this.progress, System.out, System.err);
		ImageDataset data;
		try {
			long started = System.nanoTime();
			data = Datasets.load(DatasetSpec.parse(given.dataset()), given.network().imageSize(),
					given.network().channels(), roots, given.seed());
			reporter.dataset(data, (System.nanoTime() - started) / 1e9);
		}
		catch (RuntimeException ex) {
			reporter.failed(ex);
			return EXIT_FAILED;
		}
		List<Manifest.ModelClass> classes;
		try {
			classes = this.conditional ? modelClasses(data) : null;
		}
		catch (IllegalArgumentException ex) {
			this.spec.commandLine().getErr().println("Invalid option: --conditional: " + ex.getMessage());
			return picocli.CommandLine.ExitCode.USAGE;
		}
		TrainingConfig config = (classes != null) ? given.withNetwork(given.network().withClasses(classes.size()))
				: given;
		AtomicBoolean abort = new AtomicBoolean();
		CountDownLatch finished = new CountDownLatch(1);
		Thread hook = new Thread(() -> stopAndWait(abort, finished), "ganforge-shutdown");
		Runtime.getRuntime().addShutdownHook(hook);
		if (this.stdinControl) {
			watchStdin(abort);
		}
		GanTrainer trainer = null;
		try {
			trainer = trainer(config, run);
			RunFiles files = RunFiles.open(run, trainer.completedSteps());
			BestGenerator best = BestGenerator.open(run.resolve(BestGenerator.DIR), trainer.completedSteps());
			double previousSeconds = files.previousTrainingSeconds();
			long trainingStarted = System.nanoTime();
			String command = "ganforge " + String.join(" ", this.commandLine());
			String name = this.out.getFileName().toString();
			String source = (this.job != null) ? "job:" + this.job : "cli";
			TrainingCallbacks callbacks = new TrainingCallbacks(abort::get, (stats) -> {
				files.append(stats);
				reporter.step(stats, config.totalSteps(data.size()));
			}, (step, images) -> {
				Path grid = files.writeSamples(step, config.network(), images);
				reporter.samples(step, grid);
			}, (t, last) -> {
				double seconds = previousSeconds + (System.nanoTime() - trainingStarted) / 1e9;
				Manifest manifest = Manifest.of(name, t.config(), t.completedSteps(), last,
						new Manifest.Provenance(source, command, seconds), classes);
				DiskSpace.require(run, this.minFreeDisk, "a snapshot");
				Path snapshot = CheckpointStore.writeSnapshot(run, manifest, t, this.keepSnapshots);
				reporter.snapshot(t.completedSteps(), snapshot);
			}, this.evaluateEvery, (t, step) -> {
				Quality quality = evaluator.quality(t::generate, config.network(), DatasetSpec.parse(config.dataset()),
						step, this.evaluateSamples, config.seed());
				files.append(quality);
				boolean better = best.isBeatenBy(quality);
				if (better) {
					double seconds = previousSeconds + (System.nanoTime() - trainingStarted) / 1e9;
					Manifest manifest = Manifest
						.of(ModelNames.bestName(name), t.config(), step, null,
								new Manifest.Provenance(source, command, seconds), classes)
						.withMetrics(quality.manifestMetrics());
					best.write(manifest, t,
							samplesPng(config.network(),
									t.generate(TrainingLoop.fixedNoise(config), TrainingLoop.sampleCount(config))),
							quality);
				}
				reporter.evaluation(quality, better);
				return Optional.of(new TrainingCallbacks.Scores(quality.fd(), quality.worstClass(),
						quality.worstClassShareRatio()));
			});
			DivergenceMonitor monitor = new DivergenceMonitor(this.divergenceWindow, this.fdRisingEvaluations);
			int rollbacks = 0;
			TrainingOutcome outcome;
			while (true) {
				try {
					outcome = TrainingLoop.run(trainer, data, callbacks, monitor, (finding) -> {
						boolean stop = this.onDivergence != DivergencePolicy.WARN;
						if (!stop) {
							reporter.divergence(finding, "warned");
						}
						return stop;
					});
				}
				catch (TrainingDivergedException ex) {
					if (this.onDivergence != DivergencePolicy.ROLLBACK) {
						throw ex;
					}
					outcome = new TrainingOutcome(false, ex.stats().step() - 1, null,
							DivergenceMonitor.Divergence.of(ex));
				}
				DivergenceMonitor.Divergence finding = outcome.divergence();
				if (finding == null) {
					break;
				}
				if (this.onDivergence == DivergencePolicy.STOP || rollbacks >= this.maxRollbacks) {
					String why = (this.onDivergence == DivergencePolicy.STOP) ? "stopped"
							: "stopped after " + rollbacks + " rollbacks (--max-rollbacks)";
					reporter.divergence(finding, why);
					throw new IllegalStateException("Training diverged at step " + finding.step() + " ("
							+ finding.kind() + ": " + finding.evidence() + "); " + why
							+ ". Resume from the last snapshot with lower learning rates.");
				}
				Optional<Path> good = CheckpointStore.latestSnapshotAtOrBefore(run, finding.lastGoodStep());
				TrainingConfig lowered = trainer.config()
					.withLearningRates(trainer.config().learningRateD() * this.rollbackLrFactor,
							trainer.config().learningRateG() * this.rollbackLrFactor);
				trainer.close();
				trainer = null;
				// Without a snapshot before the trouble, the last good state is the
				// start.
				trainer = good.isPresent() ? CheckpointStore.restore(good.get(), lowered) : new GanTrainer(lowered);
				files.truncate(trainer.completedSteps());
				monitor.reset();
				rollbacks++;
				reporter.divergence(finding,
						String.format(java.util.Locale.ROOT,
								"rolled back to step %d with learning rates D %.3g and G %.3g (rollback %d of %d)",
								trainer.completedSteps(), lowered.learningRateD(), lowered.learningRateG(), rollbacks,
								this.maxRollbacks));
			}
			if (!outcome.completed()) {
				if (outcome.last() != null) {
					callbacks.snapshot().accept(trainer, outcome.last());
				}
				reporter.cancelled(outcome.steps());
				return EXIT_CANCELLED;
			}
			double seconds = previousSeconds + (System.nanoTime() - trainingStarted) / 1e9;
			Manifest manifest = Manifest.of(name, trainer.config(), outcome.steps(), outcome.last(),
					new Manifest.Provenance(source, command, seconds), classes);
			Quality last = files.lastEvaluation().orElse(null);
			if (last != null && last.step() == outcome.steps()) {
				manifest = manifest.withMetrics(last.manifestMetrics());
			}
			byte[] grid = samplesPng(config.network(),
					trainer.generate(TrainingLoop.fixedNoise(config), TrainingLoop.sampleCount(config)));
			DiskSpace.require(this.out, this.minFreeDisk, "the model");
			CheckpointStore.writeModel(this.out, manifest, trainer, grid);
			if (best.exists()) {
				Path bestModel = this.out.resolveSibling(ModelNames.bestName(name));
				CheckpointStore.exportModel(best.dir(), bestModel);
				reporter.best(bestModel);
			}
			reporter.done(outcome.steps(), this.out, seconds);
			return 0;
		}
		catch (RuntimeException ex) {
			reporter.failed(ex);
			return EXIT_FAILED;
		}
		finally {
			if (trainer != null) {
				trainer.close();
			}
			finished.countDown();
			removeHook(hook);
		}
	}

	private GanTrainer trainer(TrainingConfig config, Path run) {
		if (!this.resume) {
			return new GanTrainer(config);
		}
		Optional<Path> snapshot = CheckpointStore.latestSnapshot(run);
		if (snapshot.isEmpty()) {
			throw new IllegalArgumentException("--resume: no snapshot under " + run.resolve("snapshots"));
		}
		return CheckpointStore.restore(snapshot.get(), config);
	}

	TrainingConfig config() {
		NetworkSpec spec = new NetworkSpec(Architecture.fromId(this.architecture), this.imageSize, this.channels,
				this.nz, this.ngf, this.ndf);
		this.onDivergence = DivergencePolicy.fromId(this.onDivergenceId);
		if (this.divergenceWindow < 10) {
			throw new IllegalArgumentException("--divergence-window must be at least 10, was " + this.divergenceWindow);
		}
		if (this.maxRollbacks < 0) {
			throw new IllegalArgumentException("--max-rollbacks must not be negative, was " + this.maxRollbacks);
		}
		if (!(this.rollbackLrFactor > 0f && this.rollbackLrFactor <= 1f)) {
			throw new IllegalArgumentException("--rollback-lr-factor must be in (0, 1], was " + this.rollbackLrFactor);
		}
		if (this.evaluateEvery < 0) {
			throw new IllegalArgumentException("--evaluate-every must not be negative, was " + this.evaluateEvery);
		}
		if (this.evaluateSamples < 10 || this.evaluateSamples > 10000) {
			throw new IllegalArgumentException("--evaluate-samples must be 10 to 10000, was " + this.evaluateSamples);
		}
		if (this.fdRisingEvaluations < 1) {
			throw new IllegalArgumentException(
					"--fd-rising-evaluations must be at least 1, was " + this.fdRisingEvaluations);
		}
		if (!List.of("bar", "json", "none").contains(this.progress)) {
			throw new IllegalArgumentException("--progress must be bar, json or none, was " + this.progress);
		}
		return new TrainingConfig(spec, DatasetSpec.parse(this.dataset).toString(), (this.steps > 0) ? 0 : this.epochs,
				this.steps, this.batchSize, (this.learningRateD != null) ? this.learningRateD : this.learningRate,
				(this.learningRateG != null) ? this.learningRateG : this.learningRate, this.beta1, this.beta2,
				this.seed, GanLoss.fromId(this.loss), this.sampleEvery, this.snapshotEvery,
				new TrainingConfig.Stabilisers(this.labelSmoothing, this.emaDecay, this.dSteps, this.spectralNorm,
						this.emaRampup, this.diffAugment));
	}

	private List<String> commandLine() {
		return this.spec.commandLine().getParseResult().originalArgs();
	}

	/**
	 * The PNG grid of a run's fixed-noise samples, as written every --sample-every steps:
	 * 8x8, or for a conditional pair one row of 8 per class.
	 */
	static byte[] samplesPng(NetworkSpec spec, float[] images) {
		int count = images.length / (spec.channels() * spec.imageSize() * spec.imageSize());
		return Images
			.png(Images.grid(images, count, spec.channels(), spec.imageSize(), TrainingLoop.GRID_COLUMNS, 2, 1));
	}

	/**
	 * The classes a conditional pair learns from a dataset, with their image counts.
	 * @throws IllegalArgumentException if the images are unlabelled, have fewer than two
	 * classes, or a class has no images
	 */
	static List<Manifest.ModelClass> modelClasses(ImageDataset data) {
		List<String> names = data.classNames();
		int[] counts = data.classCounts();
		Datasets.requireClasses(data.name(), names, counts, data.labels() != null);
		List<Manifest.ModelClass> classes = new java.util.ArrayList<>();
		for (int c = 0; c < names.size(); c++) {
			classes.add(new Manifest.ModelClass(names.get(c), counts[c]));
		}
		return classes;
	}

	private static void watchStdin(AtomicBoolean abort) {
		Thread watcher = new Thread(() -> {
			try (java.io.BufferedReader in = new java.io.BufferedReader(
					new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null && !"cancel".equals(line.strip())) {
					// other lines are ignored
				}
			}
			catch (IOException ex) {
				// an unreadable stdin counts as closed
			}
			abort.set(true);
		}, "ganforge-stdin-control");
		watcher.setDaemon(true);
		watcher.start();
	}

	private static void stopAndWait(AtomicBoolean abort, CountDownLatch finished) {
		// SIGTERM mid-step crashed the JVM at exit in the spike: let the step end
		// and the snapshot be written before the JVM goes down.
		abort.set(true);
		try {
			finished.await(120, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void removeHook(Thread hook) {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down: the hook is running and waits for us
		}
	}

	/** Sizes such as {@code 512MB} or plain bytes, as Spring reads them. */
	static final class DataSizeConverter implements picocli.CommandLine.ITypeConverter<Long> {

		@Override
		public Long convert(String value) {
			long bytes = org.springframework.util.unit.DataSize.parse(value.strip()).toBytes();
			if (bytes < 0) {
				throw new picocli.CommandLine.TypeConversionException("must not be negative, was " + value);
			}
			return bytes;
		}

	}

	/**
	 * Samples and history of a run directory.
	 */
	record RunFiles(Path dir, Path history) {

		static RunFiles open(Path dir, long completedSteps) {
			try {
				Files.createDirectories(dir.resolve("samples"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot prepare run directory " + dir, ex);
			}
			RunFiles files = new RunFiles(dir, dir.resolve("history.csv"));
			files.truncate(completedSteps);
			return files;
		}

		/**
		 * Drops the history and the evaluations after a step: a resumed or rolled-back
		 * run continues them from its snapshot.
		 */
		void truncate(long completedSteps) {
			Path evaluations = evaluations();
			if (Files.exists(evaluations)) {
				List<String> kept = evaluationRows().stream()
					.filter((q) -> q.step() <= completedSteps)
					.map((q) -> q.toCsvRow().stripTrailing())
					.toList();
				try {
					Files.write(evaluations,
							java.util.stream.Stream
								.concat(java.util.stream.Stream.of(Quality.CSV_HEADER), kept.stream())
								.toList());
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot rewrite " + evaluations, ex);
				}
			}
			try {
				List<String> kept = Files.exists(this.history) ? Files.readAllLines(this.history)
					.stream()
					.skip(1)
					.filter((line) -> Long.parseLong(line.substring(0, line.indexOf(','))) <= completedSteps)
					.toList() : List.of();
				Files.write(this.history,
						java.util.stream.Stream.concat(java.util.stream.Stream.of(StepStats.CSV_HEADER), kept.stream())
							.toList());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot rewrite " + this.history, ex);
			}
		}

		double previousTrainingSeconds() {
			return CheckpointStore.latestSnapshot(this.dir)
				.map(CheckpointStore::readManifest)
				.map((m) -> (m.provenance() != null) ? m.provenance().trainingSeconds() : 0.0)
				.orElse(0.0);
		}

		/** The run's evaluations, one row each: {@link Quality#CSV_HEADER}. */
		Path evaluations() {
			return this.dir.resolve("evaluations.csv");
		}

		List<Quality> evaluationRows() {
			try {
				Path file = evaluations();
				return Files.exists(file) ? Files.readAllLines(file)
					.stream()
					.skip(1)
					.filter((l) -> !l.isBlank())
					.map(Quality::parseCsvRow)
					.toList() : List.of();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + evaluations(), ex);
			}
		}

		Optional<Quality> lastEvaluation() {
			List<Quality> rows = evaluationRows();
			return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1));
		}

		void append(Quality q) {
			Path file = evaluations();
			try {
				if (!Files.exists(file)) {
					Files.writeString(file, Quality.CSV_HEADER + "\n");
				}
				Files.writeString(file, q.toCsvRow(), java.nio.file.StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot append to " + file, ex);
			}
		}

		void append(StepStats s) {
			String row = s.toCsvRow();
			try {
				Files.writeString(this.history, row, java.nio.file.StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot append to " + this.history, ex);
			}
		}

		Path writeSamples(long step, NetworkSpec spec, float[] images) {
			Path file = this.dir.resolve("samples").resolve(String.format("step-%09d.png", step));
			try {
				Files.write(file, samplesPng(spec, images));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write " + file, ex);
			}
			return file;
		}

	}

	/**
	 * Prints progress for a person (a bar on stderr) or for a job worker's parent (JSON
	 * lines).
	 */
	interface ProgressReporter {

		void dataset(ImageDataset data, double seconds);

		void step(StepStats stats, long total);

		void samples(long step, Path file);

		void snapshot(long step, Path dir);

		void cancelled(long steps);

		void done(long steps, Path model, double seconds);

		void evaluation(Quality quality, boolean best);

		void best(Path model);

		void failed(RuntimeException ex);

		void divergence(DivergenceMonitor.Divergence finding, String action);

		static ProgressReporter of(String kind, PrintStream out, PrintStream err) {
			return switch (kind) {
				case "bar" -> new BarReporter(err, TerminalWidth.columns());
				case "json" -> new JsonLinesReporter(out);
				case "none" ->
					new BarReporter(new PrintStream(java.io.OutputStream.nullOutputStream()), TerminalWidth.FALLBACK);
				default -> throw new IllegalArgumentException("--progress must be bar, json or none, was " + kind);
			};
		}

	}

	/**
	 * What a run does when the divergence monitor finds trouble.
	 */
	enum DivergencePolicy {

		/** Report it and go on. */
		WARN,

		/** Go back to the last snapshot before it, with lower learning rates. */
		ROLLBACK,

		/** Fail the run; its snapshots stay for a resume. */
		STOP;

		static DivergencePolicy fromId(String id) {
			for (DivergencePolicy policy : values()) {
				if (policy.name().equalsIgnoreCase(id)) {
					return policy;
				}
			}
			throw new IllegalArgumentException("--on-divergence must be warn, rollback or stop, was " + id);
		}

	}

}
