package dev.ganforge.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.evaluation.ExtractorManifest;
import dev.ganforge.evaluation.FeatureTraining;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train-features}: trains the classifier whose features the quality metrics use,
 * measures its test-split accuracy and writes it under {@code models/.features/}.
 */
@Command(name = "train-features", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Train the feature extractor of a labelled dataset for the quality metrics.")
final class TrainFeaturesCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Mixin
	DataRootOptions data;

	@Option(names = "--dataset", defaultValue = "fashion-mnist",
			description = "fashion-mnist or mnist (default: ${DEFAULT-VALUE})")
	String dataset;

	@Option(names = "--epochs", defaultValue = "4", description = "Passes over the data (default: ${DEFAULT-VALUE})")
	int epochs;

	@Option(names = "--steps", defaultValue = "0", description = "Total steps; overrides --epochs when > 0")
	int steps;

	@Option(names = "--batch-size", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE})")
	int batchSize;

	@Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
	float learningRate;

	@Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--out", description = "Extractor directory (default: models/.features/<dataset>)")
	Path out;

	@Override
	public Integer call() {
		FeatureTraining.Settings settings;
		DatasetSpec dataset;
		try {
			dataset = DatasetSpec.parse(this.dataset);
			settings = new FeatureTraining.Settings(dataset, this.epochs, this.steps, this.batchSize, this.learningRate,
					this.seed, "ganforge " + String.join(" ", this.spec.commandLine().getParseResult().originalArgs()));
		}
		catch (IllegalArgumentException ex) {
			this.spec.commandLine().getErr().println("Invalid option: " + ex.getMessage());
			return CommandLine.ExitCode.USAGE;
		}
		Path target = (this.out != null) ? this.out : Path.of("models", ".features", dataset.kind().id());
		DataRoots roots = this.data.settings().dataRoots();
		try {
			ExtractorManifest manifest = FeatureTraining.train(settings, roots, target, System.err);
			System.out.printf(Locale.ROOT, "Wrote %s: test accuracy %.4f in %.0f s%n", target, manifest.testAccuracy(),
					manifest.training().trainingSeconds());
			return CommandLine.ExitCode.OK;
		}
		catch (RuntimeException ex) {
			System.err.println("train-features failed: " + ex.getMessage());
			return TrainCommand.EXIT_FAILED;
		}
	}

}
