package dev.ganforge.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.data.DataSettings;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.evaluation.Evaluator;
import dev.ganforge.evaluation.NoFeatureExtractorException;
import dev.ganforge.run.RunConfig;
import dev.ganforge.run.RunDirectory;
import dev.ganforge.run.RunRefusedException;
import dev.ganforge.run.RunReporter;
import dev.ganforge.run.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains a GAN ({@link TrainingRun}), writes fixed-noise sample grids,
 * resumable snapshots and a loss history under the run directory, and exports the
 * generator to the output model directory. What to train comes from the training options
 * or, for a job's worker, from a {@link RunConfig} file; the options here say only where
 * and how the run goes.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Train a GAN and export its generator as a servable model.")
final class TrainCommand implements Callable<Integer> {

	static final int EXIT_FAILED = 1;

	static final int EXIT_CANCELLED = 3;

	private static final String TRAINING = "training";

	@Spec
	CommandSpec spec;

	@Mixin(name = TRAINING)
	TrainingOptions training;

	@Mixin
	DataRootOptions data;

	@Mixin
	EvaluationOptions evaluation;

	@Option(names = "--config", description = "Train what this run configuration file says (as a job's worker "
			+ "does) instead of the training options above; they cannot be combined")
	Path configFile;

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
		RunConfig config;
		RunReporter reporter;
		try {
			config = config();
			reporter = reporter(this.progress, System.out, System.err);
		}
		catch (IllegalArgumentException | UncheckedIOException ex) {
			return usage(ex.getMessage());
		}
		Path run = (this.runDir != null) ? this.runDir : Path.of("runs").resolve(this.out.getFileName());
		Optional<Path> earlier = CheckpointStore.latestSnapshot(run);
		if (!this.resume && earlier.isPresent()) {
			// A fresh run there would truncate the earlier run's history, count its
			// training time as its own and lose its snapshots to the earlier run's
			// pruning.
			return usage("--run-dir " + run + " holds snapshots of an earlier run (latest "
					+ earlier.get().getFileName() + "): pass --resume to continue it, or choose another --run-dir");
		}
		DataSettings dataSettings = this.data.settings();
		Evaluator evaluator = null;
		if (config.evaluation().every() > 0) {
			evaluator = new Evaluator(this.evaluation.settings(config.evaluation().samples()), dataSettings);
			try {
				// Refused up front: a run that cannot be evaluated must not fail midway.
				evaluator.requireExtractor(DatasetSpec.parse(config.training().dataset()));
			}
			catch (NoFeatureExtractorException ex) {
				evaluator.close();
				return usage("--evaluate-every: " + ex.getMessage());
			}
		}
		String source = (this.job != null) ? "job:" + this.job : "cli";
		String command = "ganforge " + String.join(" ", this.spec.commandLine().getParseResult().originalArgs());
		TrainingRun.Setup setup = new TrainingRun.Setup(this.out, RunDirectory.of(run), this.resume,
				dataSettings.dataRoots(), this.keepSnapshots, this.minFreeDisk, source, command);
		try (Evaluator closing = evaluator) {
			return train(config, setup, closing, reporter);
		}
	}

	private int train(RunConfig config, TrainingRun.Setup setup, Evaluator evaluator, RunReporter reporter) {
		AtomicBoolean abort = new AtomicBoolean();
		CountDownLatch finished = new CountDownLatch(1);
		Thread hook = new Thread(() -> stopAndWait(abort, finished), "ganforge-shutdown");
		Runtime.getRuntime().addShutdownHook(hook);
		if (this.stdinControl) {
			watchStdin(abort);
		}
		try {
			return switch (TrainingRun.run(config, setup, evaluator, abort::get, reporter)) {
				case COMPLETED -> 0;
				case CANCELLED -> EXIT_CANCELLED;
				case FAILED -> EXIT_FAILED;
			};
		}
		catch (RunRefusedException ex) {
			return usage("--" + ex.option() + ": " + ex.getMessage());
		}
		finally {
			finished.countDown();
			removeHook(hook);
		}
	}

	/**
	 * What to train: the configuration file, or the training options.
	 * @throws IllegalArgumentException if a value cannot be trained with, or a training
	 * option is given with {@code --config}
	 */
	RunConfig config() {
		if (this.configFile == null) {
			return this.training.config();
		}
		CommandLine.ParseResult parsed = this.spec.commandLine().getParseResult();
		for (OptionSpec option : this.spec.mixins().get(TRAINING).options()) {
			if (parsed.hasMatchedOption(option)) {
				throw new IllegalArgumentException(
						"--config and " + option.longestName() + " cannot be combined: the file says what to train");
			}
		}
		return RunConfig.read(this.configFile);
	}

	private int usage(String message) {
		this.spec.commandLine().getErr().println("Invalid option: " + message);
		return CommandLine.ExitCode.USAGE;
	}

	/**
	 * A progress bar for a person, JSON lines for a job's service, or nothing.
	 */
	static RunReporter reporter(String kind, PrintStream out, PrintStream err) {
		return switch (kind) {
			case "bar" -> new BarReporter(err, TerminalWidth.columns());
			case "json" -> RunReporter.jsonLines(out);
			case "none" -> new BarReporter(new PrintStream(OutputStream.nullOutputStream()), TerminalWidth.FALLBACK);
			default -> throw new IllegalArgumentException("--progress must be bar, json or none, was " + kind);
		};
	}

	private static void watchStdin(AtomicBoolean abort) {
		Thread watcher = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
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
	static final class DataSizeConverter implements CommandLine.ITypeConverter<Long> {

		@Override
		public Long convert(String value) {
			long bytes = org.springframework.util.unit.DataSize.parse(value.strip()).toBytes();
			if (bytes < 0) {
				throw new CommandLine.TypeConversionException("must not be negative, was " + value);
			}
			return bytes;
		}

	}

}
