package dev.ganforge.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.DiskSpace;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.evaluation.Evaluator;
import dev.ganforge.evaluation.Quality;
import dev.ganforge.image.Images;
import dev.ganforge.models.ModelNames;
import dev.ganforge.nn.NetworkSpec;
import dev.ganforge.training.DivergenceMonitor;
import dev.ganforge.training.GanTrainer;
import dev.ganforge.training.StepStats;
import dev.ganforge.training.TrainingCallbacks;
import dev.ganforge.training.TrainingConfig;
import dev.ganforge.training.TrainingDivergedException;
import dev.ganforge.training.TrainingLoop;
import dev.ganforge.training.TrainingOutcome;

/**
 * One training run, the entry point of the {@code train} command and so of every job's
 * worker: loads the data, trains (from the run directory's latest snapshot when
 * resuming), writes sample grids, snapshots, the loss history and evaluations into the
 * run directory, applies the divergence policy (warn, roll back to the last good snapshot
 * with lower learning rates, or stop), keeps the best generator by FD, and exports the
 * model.
 */
public final class TrainingRun {

	/**
	 * How a run ended.
	 */
	public enum Outcome {

		/** The model, and the best generator if any, are exported. */
		COMPLETED,

		/** Stopped when asked, after a snapshot; it can resume. */
		CANCELLED,

		/** Failed; a {@link WorkerMessage.Failed} says why. */
		FAILED

	}

	/**
	 * Where and how a run writes.
	 *
	 * @param model the model directory to export to; the best generator goes beside it
	 * @param run the run directory
	 * @param resume continue from the run directory's latest snapshot
	 * @param roots the data roots the dataset is found in
	 * @param keepSnapshots snapshots kept
	 * @param minFreeDisk free bytes required before each snapshot and the export, 0 for
	 * no check
	 * @param source {@code cli} or {@code job:<id>}, for the manifest's provenance
	 * @param command the command line, for the manifest's provenance
	 */
	public record Setup(Path model, RunDirectory run, boolean resume, DataRoots roots, int keepSnapshots,
			long minFreeDisk, String source, String command) {
	}

	private final RunConfig config;

	private final Setup setup;

	private final Evaluator evaluator;

	private final RunReporter reporter;

	private final double previousSeconds;

	private final long startedNanos = System.nanoTime();

	private List<Manifest.ModelClass> classes;

	// The trainer of the run; a rollback replaces it with a restored one.
	private GanTrainer trainer;

	private int rollbacks;

	private TrainingRun(RunConfig config, Setup setup, Evaluator evaluator, RunReporter reporter) {
		this.config = config;
		this.setup = setup;
		this.evaluator = evaluator;
		this.reporter = reporter;
		this.previousSeconds = setup.resume() ? setup.run().previousTrainingSeconds() : 0;
	}

	/**
	 * Runs a training to its end, a cancellation or a failure.
	 * @param config what to train
	 * @param setup where to write
	 * @param evaluator the evaluator; required when the configuration evaluates
	 * @param abort polled before every step: true stops the run after a snapshot
	 * @param reporter receives the run's messages
	 * @return how it ended
	 * @throws RunRefusedException if the data cannot be trained as asked (a conditional
	 * run on unlabelled images); nothing was written
	 */
	public static Outcome run(RunConfig config, Setup setup, Evaluator evaluator, BooleanSupplier abort,
			RunReporter reporter) {
		if (config.evaluation().every() > 0 && evaluator == null) {
			throw new IllegalArgumentException("A run that evaluates needs an evaluator");
		}
		return new TrainingRun(config, setup, evaluator, reporter).train(abort);
	}

	private Outcome train(BooleanSupplier abort) {
		ImageDataset data;
		TrainingConfig given = this.config.training();
		try {
			long started = System.nanoTime();
			data = Datasets.load(DatasetSpec.parse(given.dataset()), given.network().imageSize(),
					given.network().channels(), this.setup.roots(), given.seed());
			this.reporter.report(new WorkerMessage.Dataset(data.name(), data.size(), data.channels(), data.imageSize(),
					(System.nanoTime() - started) / 1e9));
		}
		catch (RuntimeException ex) {
			this.reporter.report(new WorkerMessage.Failed(String.valueOf(ex.getMessage())));
			return Outcome.FAILED;
		}
		this.classes = this.config.conditional() ? modelClasses(data) : null;
		TrainingConfig training = (this.classes != null)
				? given.withNetwork(given.network().withClasses(this.classes.size())) : given;
		try {
			this.trainer = this.setup.resume() ? restore(training) : new GanTrainer(training);
			RunDirectory run = this.setup.run();
			run.prepare(this.trainer.completedSteps());
			BestGenerator best = BestGenerator.open(run.best(), this.trainer.completedSteps());
			TrainingCallbacks callbacks = callbacks(training, data, abort, best);
			DivergenceMonitor monitor = new DivergenceMonitor(this.config.divergence().window(),
					this.config.divergence().fdRisingEvaluations());
			TrainingOutcome outcome = trainToEnd(data, callbacks, monitor);
			if (!outcome.completed()) {
				if (outcome.last() != null) {
					callbacks.snapshot().accept(this.trainer, outcome.last());
				}
				this.reporter.report(new WorkerMessage.Cancelled(outcome.steps()));
				return Outcome.CANCELLED;
			}
			export(outcome, best);
			return Outcome.COMPLETED;
		}
		catch (RuntimeException ex) {
			this.reporter.report(new WorkerMessage.Failed(String.valueOf(ex.getMessage())));
			return Outcome.FAILED;
		}
		finally {
			if (this.trainer != null) {
				this.trainer.close();
			}
		}
	}

	private GanTrainer restore(TrainingConfig training) {
		Optional<Path> snapshot = CheckpointStore.latestSnapshot(this.setup.run().dir());
		if (snapshot.isEmpty()) {
			throw new IllegalArgumentException(
					"--resume: no snapshot under " + this.setup.run().dir().resolve("snapshots"));
		}
		return CheckpointStore.restore(snapshot.get(), training);
	}

	private TrainingCallbacks callbacks(TrainingConfig training, ImageDataset data, BooleanSupplier abort,
			BestGenerator best) {
		RunDirectory run = this.setup.run();
		long total = training.totalSteps(data.size());
		return new TrainingCallbacks(abort, (stats) -> {
			run.append(stats);
			this.reporter.report(new WorkerMessage.Step(total, stats));
		}, (step, images) -> {
			Path grid = run.writeSamples(step, samplesPng(training.network(), images));
			this.reporter.report(new WorkerMessage.Samples(step, grid.toString()));
		}, (t, last) -> {
			Manifest manifest = manifest(modelName(), t.config(), t.completedSteps(), last);
			DiskSpace.require(run.dir(), this.setup.minFreeDisk(), "a snapshot");
			Path snapshot = CheckpointStore.writeSnapshot(run.dir(), manifest, t, this.setup.keepSnapshots());
			this.reporter.report(new WorkerMessage.Snapshot(t.completedSteps(), snapshot.toString()));
		}, this.config.evaluation().every(), (t, step) -> {
			Quality quality = this.evaluator.quality(t::generate, training.network(),
					DatasetSpec.parse(training.dataset()), step, this.config.evaluation().samples(), training.seed());
			run.append(quality);
			boolean better = best.isBeatenBy(quality);
			if (better) {
				Manifest manifest = manifest(ModelNames.bestName(modelName()), t.config(), step, null)
					.withMetrics(quality.manifestMetrics());
				best.write(manifest, t, fixedNoiseGrid(t), quality);
			}
			this.reporter.report(WorkerMessage.Evaluation.of(quality, better));
			return Optional
				.of(new TrainingCallbacks.Scores(quality.fd(), quality.worstClass(), quality.worstClassShareRatio()));
		});
	}

	private void export(TrainingOutcome outcome, BestGenerator best) {
		GanTrainer trainer = this.trainer;
		Manifest manifest = manifest(modelName(), trainer.config(), outcome.steps(), outcome.last());
		Quality last = this.setup.run().lastEvaluation().orElse(null);
		if (last != null && last.step() == outcome.steps()) {
			manifest = manifest.withMetrics(last.manifestMetrics());
		}
		byte[] grid = fixedNoiseGrid(trainer);
		DiskSpace.require(this.setup.model(), this.setup.minFreeDisk(), "the model");
		CheckpointStore.writeModel(this.setup.model(), manifest, trainer, grid);
		if (best.exists()) {
			Path bestModel = this.setup.model().resolveSibling(ModelNames.bestName(modelName()));
			CheckpointStore.exportModel(best.dir(), bestModel);
			this.reporter.report(new WorkerMessage.Best(bestModel.toString()));
		}
		this.reporter.report(new WorkerMessage.Done(outcome.steps(), this.setup.model().toString(), trainingSeconds()));
	}

	private Manifest manifest(String name, TrainingConfig training, long step, StepStats last) {
		return Manifest.of(name, training, step, last,
				new Manifest.Provenance(this.setup.source(), this.setup.command(), trainingSeconds()), this.classes);
	}

	private String modelName() {
		return this.setup.model().getFileName().toString();
	}

	private double trainingSeconds() {
		return this.previousSeconds + (System.nanoTime() - this.startedNanos) / 1e9;
	}

	private byte[] fixedNoiseGrid(GanTrainer trainer) {
		TrainingConfig training = trainer.config();
		return samplesPng(training.network(),
				trainer.generate(TrainingLoop.fixedNoise(training), TrainingLoop.sampleCount(training)));
	}

	/**
	 * The PNG grid of a run's fixed-noise samples, as written every {@code sampleEvery}
	 * steps: 8x8, or for a conditional pair one row of 8 per class.
	 * @param spec the networks
	 * @param images the samples, C*H*W values each
	 * @return the PNG
	 */
	static byte[] samplesPng(NetworkSpec spec, float[] images) {
		int count = images.length / (spec.channels() * spec.imageSize() * spec.imageSize());
		return Images
			.png(Images.grid(images, count, spec.channels(), spec.imageSize(), TrainingLoop.GRID_COLUMNS, 2, 1));
	}

	/**
	 * The classes a conditional pair learns from a dataset, with their image counts.
	 * @param data the dataset
	 * @return the classes
	 * @throws RunRefusedException if the images are unlabelled, have fewer than two
	 * classes, or a class has no images
	 */
	static List<Manifest.ModelClass> modelClasses(ImageDataset data) {
		List<String> names = data.classNames();
		int[] counts = data.classCounts();
		try {
			Datasets.requireClasses(data.name(), names, counts, data.labels() != null);
		}
		catch (IllegalArgumentException ex) {
			throw new RunRefusedException("conditional", ex.getMessage());
		}
		List<Manifest.ModelClass> classes = new ArrayList<>();
		for (int c = 0; c < names.size(); c++) {
			classes.add(new Manifest.ModelClass(names.get(c), counts[c]));
		}
		return classes;
	}

	/**
	 * The loop run to its end under the divergence policy; the trainer it ends with may
	 * be a restored one.
	 */
	private TrainingOutcome trainToEnd(ImageDataset data, TrainingCallbacks callbacks, DivergenceMonitor monitor) {
		RunConfig.Divergence policy = this.config.divergence();
		while (true) {
			TrainingOutcome outcome;
			try {
				outcome = TrainingLoop.run(this.trainer, data, callbacks, monitor, (finding) -> {
					boolean stop = policy.policy() != DivergencePolicy.WARN;
					if (!stop) {
						this.reporter.report(WorkerMessage.Divergence.of(finding, "warned"));
					}
					return stop;
				});
			}
			catch (TrainingDivergedException ex) {
				if (policy.policy() != DivergencePolicy.ROLLBACK) {
					throw ex;
				}
				outcome = new TrainingOutcome(false, ex.stats().step() - 1, null, DivergenceMonitor.Divergence.of(ex));
			}
			DivergenceMonitor.Divergence finding = outcome.divergence();
			if (finding == null) {
				return outcome;
			}
			if (policy.policy() == DivergencePolicy.STOP || this.rollbacks >= policy.maxRollbacks()) {
				String why = (policy.policy() == DivergencePolicy.STOP) ? "stopped"
						: "stopped after " + this.rollbacks + " rollbacks (--max-rollbacks)";
				this.reporter.report(WorkerMessage.Divergence.of(finding, why));
				throw new IllegalStateException("Training diverged at step " + finding.step() + " (" + finding.kind()
						+ ": " + finding.evidence() + "); " + why
						+ ". Resume from the last snapshot with lower learning rates.");
			}
			rollBack(finding, policy);
			monitor.reset();
		}
	}

	private void rollBack(DivergenceMonitor.Divergence finding, RunConfig.Divergence policy) {
		RunDirectory run = this.setup.run();
		Optional<Path> good = CheckpointStore.latestSnapshotAtOrBefore(run.dir(), finding.lastGoodStep());
		TrainingConfig current = this.trainer.config();
		float factor = (float) policy.rollbackLrFactor();
		TrainingConfig lowered = current.withLearningRates(current.learningRateD() * factor,
				current.learningRateG() * factor);
		this.trainer.close();
		this.trainer = null;
		// Without a snapshot before the trouble, the last good state is the start.
		this.trainer = good.isPresent() ? CheckpointStore.restore(good.get(), lowered) : new GanTrainer(lowered);
		run.truncate(this.trainer.completedSteps());
		this.rollbacks++;
		this.reporter.report(WorkerMessage.Divergence.of(finding,
				String.format(Locale.ROOT,
						"rolled back to step %d with learning rates D %.3g and G %.3g (rollback %d of %d)",
						this.trainer.completedSteps(), lowered.learningRateD(), lowered.learningRateG(), this.rollbacks,
						policy.maxRollbacks())));
	}

}
