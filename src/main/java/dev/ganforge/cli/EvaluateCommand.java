package dev.ganforge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.evaluation.Evaluation;
import dev.ganforge.evaluation.EvaluationSettings;
import dev.ganforge.evaluation.Evaluator;
import dev.ganforge.evaluation.NoFeatureExtractorException;
import dev.ganforge.models.LoadedModel;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evaluate}: FD, KID, precision/recall and the classifier score of a model (or of
 * a real dataset split, for the floor) against the real test split, printed as JSON.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Measure a model's quality against the real test split; prints JSON.")
final class EvaluateCommand implements Callable<Integer> {

	/** Exit code when the dataset has no feature extractor. */
	static final int EXIT_NO_EXTRACTOR = 4;

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Spec
	CommandSpec spec;

	@Mixin
	DataRootOptions data;

	@Mixin
	EvaluationOptions evaluation;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Subject subject;

	@Option(names = "--against",
			description = "With --images: the dataset whose extractor and test split score them, e.g. fashion-mnist")
	String against;

	@Option(names = "--image-size", defaultValue = "64",
			description = "With --dataset or --images: the size both sides are compared at (default: ${DEFAULT-VALUE})")
	int imageSize;

	@Option(names = "--samples", defaultValue = "5000",
			description = "Images on each side, 10 to 10000 (default: ${DEFAULT-VALUE})")
	int samples;

	@Option(names = "--seed", defaultValue = "0",
			description = "First latent seed; image i uses seed + i (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--truncation", defaultValue = "1",
			description = "With --model: truncation psi in (0, 1] of every latent, as POST /generate applies it "
					+ "(default: ${DEFAULT-VALUE}, none)")
	double truncation;

	@Option(names = "--write-manifest", description = "Record the metrics in the model's manifest")
	boolean writeManifest;

	@Override
	public Integer call() {
		EvaluationSettings settings = this.evaluation.settings(this.samples);
		if (this.writeManifest && this.subject.model == null) {
			this.spec.commandLine().getErr().println("Invalid option: --write-manifest needs --model");
			return CommandLine.ExitCode.USAGE;
		}
		if ((this.subject.images != null) != (this.against != null)) {
			this.spec.commandLine().getErr().println("Invalid option: --images and --against go together");
			return CommandLine.ExitCode.USAGE;
		}
		try (Evaluator evaluator = new Evaluator(settings, this.data.settings())) {
			Evaluation evaluation;
			if (this.subject.model != null) {
				try (LoadedModel model = LoadedModel.load(this.subject.model)) {
					evaluation = evaluator.evaluate(model, this.samples, this.seed, this.truncation);
				}
				if (this.writeManifest) {
					CheckpointStore.writeMetrics(this.subject.model, evaluation.manifestMetrics());
				}
			}
			else if (this.subject.images != null) {
				evaluation = evaluator.evaluateImages(DatasetSpec.parse(this.subject.images),
						DatasetSpec.parse(this.against), this.imageSize, this.samples);
			}
			else {
				evaluation = evaluator.evaluateDataset(DatasetSpec.parse(this.subject.dataset), this.imageSize,
						this.samples);
			}
			System.out.println(JSON.writeValueAsString(evaluation));
			return CommandLine.ExitCode.OK;
		}
		catch (NoFeatureExtractorException ex) {
			System.err.println("evaluate: " + ex.getMessage());
			return EXIT_NO_EXTRACTOR;
		}
		catch (IllegalArgumentException ex) {
			this.spec.commandLine().getErr().println("Invalid option: " + ex.getMessage());
			return CommandLine.ExitCode.USAGE;
		}
		catch (RuntimeException ex) {
			System.err.println("evaluate failed: " + ex.getMessage());
			return TrainCommand.EXIT_FAILED;
		}
	}

	/** What to evaluate: a model directory or a dataset split. */
	static final class Subject {

		@Option(names = "--model", required = true, description = "Model directory, e.g. models/fashion-dcgan-64")
		Path model;

		@Option(names = "--dataset", required = true,
				description = "A real split to evaluate instead, e.g. fashion-mnist:train (the real-data floor)")
		String dataset;

		@Option(names = "--images", required = true,
				description = "Images made elsewhere to evaluate, e.g. folder:reference/final (with --against)")
		String images;

	}

}
