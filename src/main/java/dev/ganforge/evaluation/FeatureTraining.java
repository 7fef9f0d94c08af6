package dev.ganforge.evaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains the {@link FeatureNet} classifier of a labelled IDX dataset (Fashion-MNIST or
 * MNIST), measures its accuracy on the test split through the same code that evaluation
 * uses, and writes the extractor directory atomically.
 *
 * <p>
 * Training: Adam with a cosine-decayed learning rate, softmax cross-entropy, the train
 * split resized once to 32x32 by the data package, random horizontal flips, and a data
 * order shuffled per epoch from the seed.
 */
public final class FeatureTraining {

	private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final int[] ACCURACY_SIZES = { 16, 64, 128 };

	private FeatureTraining() {
	}

	/**
	 * Trains an extractor and writes it to {@code out}.
	 * @param settings what to train
	 * @param roots where the dataset is read from
	 * @param out the extractor's directory, replaced if it exists
	 * @param log progress lines for a person
	 * @return the written manifest
	 * @throws IllegalArgumentException if the dataset is not labelled IDX data
	 */
	public static ExtractorManifest train(Settings settings, DataRoots roots, Path out, PrintStream log) {
		DatasetSpec spec = settings.dataset();
		if (spec.kind() != DatasetSpec.Kind.FASHION_MNIST && spec.kind() != DatasetSpec.Kind.MNIST) {
			throw new IllegalArgumentException(
					"A feature extractor needs a labelled dataset (fashion-mnist or mnist), not " + spec);
		}
		DatasetSpec trainSpec = new DatasetSpec(spec.kind(), DatasetSpec.Split.TRAIN, null, 0);
		DatasetSpec testSpec = new DatasetSpec(spec.kind(), DatasetSpec.Split.TEST, null, 0);
		ImageDataset train = Datasets.load(trainSpec, FeatureNet.INPUT_SIZE, 1, roots, settings.seed());
		long started = System.nanoTime();
		Engine.getEngine("PyTorch").setRandomSeed(Long.hashCode(settings.seed()));
		try (Model model = Model.newInstance("features", "PyTorch")) {
			FeatureNet net = new FeatureNet();
			model.setBlock(net);
			int perEpoch = train.size() / settings.batchSize();
			int totalSteps = (settings.steps() > 0) ? settings.steps() : perEpoch * settings.epochs();
			Tracker rate = Tracker.cosine()
				.setBaseValue(settings.learningRate())
				.optFinalValue(settings.learningRate() / 100)
				.setMaxUpdates(totalSteps)
				.build();
			DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
				.optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
			try (Trainer trainer = model.newTrainer(config)) {
				trainer.initialize(FeatureNet.inputShape(settings.batchSize()));
				for (int epoch = 0, done = 0; done < totalSteps; epoch++) {
					int steps = Math.min(perEpoch, totalSteps - done);
					trainEpoch(trainer, train, settings, epoch, steps, log);
					done += steps;
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			return write(net, model.getNDManager(), settings, roots, trainSpec, testSpec, out, seconds, log);
		}
	}

	private static void trainEpoch(Trainer trainer, ImageDataset train, Settings settings, int epoch, int perEpoch,
			PrintStream log) {
		// perEpoch is less than a full pass only in the last epoch of a run cut short by
		// a step count.
		int[] order = shuffled(train.size(), new Random(settings.seed() * 1_000_003L + epoch));
		Random flips = new Random(settings.seed() * 7_919L + epoch);
		int batchSize = settings.batchSize();
		int length = train.imageLength();
		int[] labels = train.labels();
		double lossSum = 0;
		long windowStart = System.nanoTime();
		for (int step = 0; step < perEpoch; step++) {
			float[] pixels = new float[batchSize * length];
			float[] targets = new float[batchSize];
			for (int i = 0; i < batchSize; i++) {
				int index = order[step * batchSize + i];
				train.copyTo(index, pixels, i * length);
				if (flips.nextBoolean()) {
					flipHorizontally(pixels, i * length, FeatureNet.INPUT_SIZE);
				}
				targets[i] = labels[index];
			}
			try (NDManager batch = trainer.getManager().newSubManager()) {
				NDArray x = batch.create(pixels, FeatureNet.inputShape(batchSize));
				NDArray y = batch.create(targets);
				try (GradientCollector collector = trainer.newGradientCollector()) {
					NDList logits = trainer.forward(new NDList(x));
					NDArray loss = trainer.getLoss().evaluate(new NDList(y), logits);
					collector.backward(loss);
					lossSum += loss.getFloat();
				}
				trainer.step();
			}
			if ((step + 1) % 100 == 0 || step + 1 == perEpoch) {
				double seconds = (System.nanoTime() - windowStart) / 1e9;
				int steps = ((step + 1) % 100 == 0) ? 100 : (step + 1) % 100;
				log.printf(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f (%.0f images/s)%n", epoch + 1,
						settings.epochs(), step + 1, perEpoch, lossSum / steps, steps * batchSize / seconds);
				lossSum = 0;
				windowStart = System.nanoTime();
			}
		}
	}

	private static ExtractorManifest write(FeatureNet net, NDManager manager, Settings settings, DataRoots roots,
			DatasetSpec trainSpec, DatasetSpec testSpec, Path out, double seconds, PrintStream log) {
		String name = out.getFileName().toString();
		ExtractorManifest unmeasured = new ExtractorManifest(ExtractorManifest.FORMAT_VERSION, ExtractorManifest.KIND,
				name, trainSpec.kind().id(), trainSpec.toString(), FeatureNet.INPUT_SIZE, 1, FeatureNet.FEATURES,
				FeatureNet.CLASSES, FeatureNet.ARCHITECTURE, testSpec.toString(), Double.NaN, Map.of(),
				new ExtractorManifest.Training(settings.epochs(), settings.batchSize(), settings.learningRate(),
						settings.seed(), settings.command(), seconds),
				Instant.now(), Map.of(ExtractorManifest.PARAMETERS, "unsaved"));
		FeatureExtractor measuring = FeatureExtractor.wrap(unmeasured, manager, net);
		double accuracy = accuracy(measuring, testSpec, FeatureNet.INPUT_SIZE, roots);
		log.printf(Locale.ROOT, "test accuracy at %dx%d: %.4f%n", FeatureNet.INPUT_SIZE, FeatureNet.INPUT_SIZE,
				accuracy);
		Map<String, Double> bySize = new TreeMap<>();
		for (int size : ACCURACY_SIZES) {
			double at = accuracy(measuring, testSpec, size, roots);
			log.printf(Locale.ROOT, "test accuracy at %dx%d resized by the extractor: %.4f%n", size, size, at);
			bySize.put(Integer.toString(size), at);
		}
		CheckpointStore.writeDirectory(out, (dir) -> {
			String sum = CheckpointStore.writeParameters(dir.resolve(ExtractorManifest.PARAMETERS), net);
			ExtractorManifest manifest = new ExtractorManifest(unmeasured.formatVersion(), unmeasured.kind(), name,
					unmeasured.dataset(), unmeasured.trainedOn(), unmeasured.inputSize(), unmeasured.channels(),
					unmeasured.featureDim(), unmeasured.classes(), unmeasured.architecture(), unmeasured.testDataset(),
					accuracy, bySize, unmeasured.training(), unmeasured.createdAt(),
					Map.of(ExtractorManifest.PARAMETERS, sum));
			PRETTY.writeValue(dir.resolve(ExtractorManifest.FILE).toFile(), manifest);
		});
		return FeatureExtractor.readManifest(out);
	}

	/**
	 * Fraction of a labelled split that an extractor classifies correctly, the split
	 * loaded at {@code size} and resized by the extractor.
	 * @param extractor the extractor
	 * @param spec the split
	 * @param size the size to load the images at
	 * @param roots where the dataset is read from
	 * @return the accuracy in [0, 1]
	 */
	static double accuracy(FeatureExtractor extractor, DatasetSpec spec, int size, DataRoots roots) {
		ImageDataset test = Datasets.load(spec, size, 1, roots, 0);
		int[] labels = test.labels();
		int correct = 0;
		int chunk = 1000;
		for (int start = 0; start < test.size(); start += chunk) {
			int n = Math.min(chunk, test.size() - start);
			float[] images = new float[n * test.imageLength()];
			for (int i = 0; i < n; i++) {
				test.copyTo(start + i, images, i * test.imageLength());
			}
			int[] predicted = extractor.extract(images, n, 1, size).predictions();
			for (int i = 0; i < n; i++) {
				if (predicted[i] == labels[start + i]) {
					correct++;
				}
			}
		}
		return (double) correct / test.size();
	}

	private static int[] shuffled(int size, Random random) {
		int[] order = new int[size];
		for (int i = 0; i < size; i++) {
			order[i] = i;
		}
		for (int i = size - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

	private static void flipHorizontally(float[] pixels, int offset, int size) {
		for (int y = 0; y < size; y++) {
			int row = offset + y * size;
			for (int x = 0; x < size / 2; x++) {
				float swap = pixels[row + x];
				pixels[row + x] = pixels[row + size - 1 - x];
				pixels[row + size - 1 - x] = swap;
			}
		}
	}

	/**
	 * What to train.
	 *
	 * @param dataset the dataset ({@code fashion-mnist} or {@code mnist}; the train split
	 * is used for training, the test split for accuracy)
	 * @param epochs passes over the train split
	 * @param steps total steps instead, when positive (for tests and quick checks)
	 * @param batchSize images per step
	 * @param learningRate Adam's initial learning rate, decayed by a cosine to 1/100
	 * @param seed seed of the weights, data order and flips
	 * @param command the command line, for the manifest
	 */
	public record Settings(DatasetSpec dataset, int epochs, int steps, int batchSize, float learningRate, long seed,
			String command) {

		/**
		 * Validates the numbers.
		 */
		public Settings {
			if (epochs < 1 || steps < 0 || batchSize < 1 || !(learningRate > 0)) {
				throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
			}
		}

	}

}
