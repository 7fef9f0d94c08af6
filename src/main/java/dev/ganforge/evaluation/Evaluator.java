package dev.ganforge.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DataSettings;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.Latents;
import dev.ganforge.nn.NetworkSpec;

import org.springframework.stereotype.Component;

/**
 * Evaluates generators and datasets against the real test split of their dataset: FD,
 * KID, precision/recall and the classifier score in one pass over the features.
 *
 * <p>
 * A model's images are generated from consecutive seeds, {@code seed + i} for image i, so
 * an evaluation is reproducible and independent of batching; a truncation below 1 scales
 * those latents exactly as {@code POST /generate} does with the same truncation. A
 * conditional model makes image i of seed + i's class ({@link Latents#classOf}), as
 * {@code POST /generate} does when no class is asked for: uniform over the classes. The
 * real side is the first {@code samples} images of the test split, loaded at the
 * generator's size and channels and read through the same extractor path; its statistics
 * come from {@link ReferenceStatistics}' cache. Extractors are loaded once and shared;
 * every method is safe to call from several threads.
 */
@Component
public class Evaluator implements AutoCloseable {

	/** Seed of the KID subset draws, fixed so that reruns agree. */
	static final long KID_SEED = 1234;

	private static final int BATCH = 250;

	private final EvaluationSettings settings;

	private final DataRoots roots;

	private final Map<DatasetSpec.Kind, FeatureExtractor> extractors = new ConcurrentHashMap<>();

	/**
	 * Creates an evaluator; extractors load on first use.
	 * @param settings where extractors and the cache are
	 * @param data where the real images may be read from
	 */
	public Evaluator(EvaluationSettings settings, DataSettings data) {
		this.settings = settings;
		this.roots = data.dataRoots();
	}

	/**
	 * Evaluates a generator against the test split of the dataset it was trained on.
	 * @param model the generator
	 * @param samples images to generate, and real images to compare with
	 * @param seed the first latent seed
	 * @param truncation psi in (0, 1] applied to every latent, 1 for none
	 * @return the evaluation
	 * @throws NoFeatureExtractorException if the model's dataset has no extractor
	 * @throws IllegalArgumentException if the sample count or truncation is out of range
	 */
	public Evaluation evaluate(LoadedModel model, int samples, long seed, double truncation) {
		long started = System.nanoTime();
		checkSamples(samples);
		Latents.requireTruncation(truncation);
		NetworkSpec spec = model.spec();
		DatasetSpec trainedOn = DatasetSpec.parse(model.manifest().dataset());
		FeatureExtractor extractor = extractor(trainedOn);
		DatasetSpec test = split(trainedOn, DatasetSpec.Split.TEST);
		ReferenceStatistics reference = ReferenceStatistics.load(extractor, test, spec.imageSize(), spec.channels(),
				samples, this.roots, this.settings.cacheDir());
		double[][] embeddings = new double[samples][];
		double[][] probabilities = new double[samples][];
		for (int start = 0; start < samples; start += BATCH) {
			int n = Math.min(BATCH, samples - start);
			float[] images = model.generate(Latents.seededInputs(spec, seed + start, n, truncation), n);
			Features features = extractor.extract(images, n, spec.channels(), spec.imageSize());
			System.arraycopy(features.embeddings(), 0, embeddings, start, n);
			System.arraycopy(features.probabilities(), 0, probabilities, start, n);
		}
		List<String> classes = classNames(trainedOn, extractor);
		Evaluation evaluation = compare(model.name(), seed, truncation, spec.imageSize(),
				new Features(embeddings, probabilities), reference, extractor, classes, started);
		if (!spec.conditional() || !model.manifest().classNames().equals(classes)) {
			return evaluation;
		}
		// Image i was asked for seed + i's class, as Latents.seededInputs drew it.
		int[] requested = Latents.classesOf(seed, samples, spec.classes());
		// The reference is the split's first images in its order: their labels, likewise.
		int[] labels = Datasets.load(test, spec.imageSize(), spec.channels(), this.roots, 0).labels();
		return evaluation.withConditional(ConditionalAccuracy.of(classes, requested, probabilities),
				ClassFrechetDistance.of(classes, requested, embeddings, Arrays.copyOf(labels, samples),
						reference.features().embeddings()));
	}

	/**
	 * Evaluates real images against the test split, for the floor a generator cannot
	 * beat: e.g. the train split against the test split.
	 * @param candidate the split to evaluate
	 * @param imageSize the size to load both at
	 * @param samples images from the start of each split
	 * @return the evaluation
	 * @throws NoFeatureExtractorException if the dataset has no extractor
	 */
	public Evaluation evaluateDataset(DatasetSpec candidate, int imageSize, int samples) {
		return evaluateImages(candidate, candidate, imageSize, samples);
	}

	/**
	 * Evaluates images made elsewhere, e.g. another implementation's samples written to a
	 * folder, against the test split of the dataset they imitate, through that dataset's
	 * extractor. A folder's features are computed afresh each time, since its contents
	 * can change under the same name; a dataset split's come from the cache.
	 * @param images the images, a dataset spec such as {@code folder:run/final}; the
	 * first {@code samples} of them are scored
	 * @param against the dataset whose extractor and test split they are measured by
	 * @param imageSize the size to load both at
	 * @param samples images from the start of each side
	 * @return the evaluation
	 * @throws NoFeatureExtractorException if {@code against} has no extractor
	 * @throws IllegalArgumentException if either side has fewer than {@code samples}
	 * images
	 */
	public Evaluation evaluateImages(DatasetSpec images, DatasetSpec against, int imageSize, int samples) {
		long started = System.nanoTime();
		checkSamples(samples);
		FeatureExtractor extractor = extractor(against);
		DatasetSpec test = split(against, DatasetSpec.Split.TEST);
		ReferenceStatistics reference = ReferenceStatistics.load(extractor, test, imageSize, 1, samples, this.roots,
				this.settings.cacheDir());
		ReferenceStatistics evaluated = (images.kind() == DatasetSpec.Kind.FOLDER)
				? ReferenceStatistics.compute(extractor, images, imageSize, 1, samples, this.roots)
				: ReferenceStatistics.load(extractor, images, imageSize, 1, samples, this.roots,
						this.settings.cacheDir());
		return compare(images.toString(), 0, 1, imageSize, evaluated.features(), reference, extractor,
				classNames(against, extractor), started);
	}

	/**
	 * FD and KID of a generator during training: the generated side as in
	 * {@link #evaluate}, without precision/recall and the classifier score, which cost
	 * more and are not needed to follow a run.
	 * @param generator the generator, e.g. a trainer's served generator
	 * @param spec its network sizes
	 * @param trainedOn the dataset it trains on; compared against its test split
	 * @param step the training step it is at, recorded with the result
	 * @param samples images to generate, and real images to compare with
	 * @param seed the first latent seed
	 * @return the result
	 * @throws NoFeatureExtractorException if the dataset has no extractor
	 */
	public Quality quality(ImageGenerator generator, NetworkSpec spec, DatasetSpec trainedOn, long step, int samples,
			long seed) {
		long started = System.nanoTime();
		checkSamples(samples);
		FeatureExtractor extractor = extractor(trainedOn);
		DatasetSpec test = split(trainedOn, DatasetSpec.Split.TEST);
		ReferenceStatistics reference = ReferenceStatistics.load(extractor, test, spec.imageSize(), spec.channels(),
				samples, this.roots, this.settings.cacheDir());
		double[][] embeddings = new double[samples][];
		double[][] probabilities = new double[samples][];
		for (int start = 0; start < samples; start += BATCH) {
			int n = Math.min(BATCH, samples - start);
			float[] images = generator.generate(Latents.seededInputs(spec, seed + start, n, 1), n);
			Features features = extractor.extract(images, n, spec.channels(), spec.imageSize());
			System.arraycopy(features.embeddings(), 0, embeddings, start, n);
			System.arraycopy(features.probabilities(), 0, probabilities, start, n);
		}
		double fd = FrechetDistance.between(reference.gaussian(), Gaussian.fit(embeddings));
		KernelDistance kid = KernelDistance.between(reference.features().embeddings(), embeddings,
				KernelDistance.DEFAULT_SUBSETS, KernelDistance.DEFAULT_SUBSET_SIZE, KID_SEED);
		ClassBalance balance = ClassBalance.of(classNames(trainedOn, extractor), probabilities,
				reference.features().probabilities(), null);
		return Quality.of(step, samples, seed, test.toString(), extractor.manifest().name(), fd, kid.mean(), kid.std(),
				(System.nanoTime() - started) / 1e9, balance);
	}

	private Evaluation compare(String subject, long seed, double truncation, int imageSize, Features fake,
			ReferenceStatistics reference, FeatureExtractor extractor, List<String> classes, long started) {
		Features real = reference.features();
		double fd = FrechetDistance.between(reference.gaussian(), Gaussian.fit(fake.embeddings()));
		KernelDistance kid = KernelDistance.between(real.embeddings(), fake.embeddings(),
				KernelDistance.DEFAULT_SUBSETS, KernelDistance.DEFAULT_SUBSET_SIZE, KID_SEED);
		PrecisionRecall pr = PrecisionRecall.of(real.embeddings(), fake.embeddings(), PrecisionRecall.DEFAULT_K);
		ExtractorManifest manifest = extractor.manifest();
		return new Evaluation(subject, manifest.testDataset(), fake.count(), seed, truncation, imageSize,
				manifest.name(), manifest.checksum(), fd, kid.mean(), kid.std(), kid.subsets(), kid.subsetSize(),
				pr.precision(), pr.recall(), pr.k(), ClassifierScore.of(fake.probabilities()),
				ClassifierScore.of(real.probabilities()), (System.nanoTime() - started) / 1e9, Instant.now(),
				ClassBalance.of(classes, fake.probabilities(), real.probabilities(), pr.realCovered()), null, null);
	}

	private static List<String> classNames(DatasetSpec dataset, FeatureExtractor extractor) {
		return ClassBalance.names(dataset.kind().classNames(), extractor.manifest().classes());
	}

	/**
	 * The extractor for a dataset, loaded on first use.
	 * @param dataset any split of the dataset
	 * @return the extractor
	 * @throws NoFeatureExtractorException if there is none
	 */
	public FeatureExtractor extractor(DatasetSpec dataset) {
		Path dir = requireExtractor(dataset);
		return this.extractors.computeIfAbsent(dataset.kind(), (k) -> FeatureExtractor.load(dir));
	}

	/**
	 * Checks, without loading it, that a dataset has an extractor: for refusing a run
	 * that asks for metrics up front rather than failing it midway.
	 * @param dataset any split of the dataset
	 * @return the extractor's directory
	 * @throws NoFeatureExtractorException if there is none
	 */
	public Path requireExtractor(DatasetSpec dataset) {
		DatasetSpec.Kind kind = dataset.kind();
		Path dir = this.settings.featuresDir().resolve(kind.id());
		if ((kind != DatasetSpec.Kind.FASHION_MNIST && kind != DatasetSpec.Kind.MNIST)
				|| !Files.isRegularFile(dir.resolve(ExtractorManifest.FILE))) {
			throw new NoFeatureExtractorException(dataset.toString(), available());
		}
		return dir;
	}

	/**
	 * The settings: where extractors, data and the cache are.
	 * @return the settings
	 */
	public EvaluationSettings settings() {
		return this.settings;
	}

	/**
	 * Makes images from latents: a served model, or a trainer's served generator.
	 */
	@FunctionalInterface
	public interface ImageGenerator {

		/**
		 * Generates images.
		 * @param latents {@code count} latents, packed
		 * @param count how many
		 * @return {@code count} images, C*H*W values each, in [-1, 1]
		 */
		float[] generate(float[] latents, int count);

	}

	private List<String> available() {
		Path dir = this.settings.featuresDir();
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.filter((p) -> Files.isRegularFile(p.resolve(ExtractorManifest.FILE)))
				.map((p) -> p.getFileName().toString())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list feature extractors in " + dir, ex);
		}
	}

	private void checkSamples(int samples) {
		if (samples < 10 || samples > this.settings.maxSamples()) {
			throw new IllegalArgumentException(
					"Sample count " + samples + " is out of range; use 10 to " + this.settings.maxSamples());
		}
	}

	private static DatasetSpec split(DatasetSpec dataset, DatasetSpec.Split split) {
		return new DatasetSpec(dataset.kind(), split, null, 0);
	}

	/** Frees the extractors' native memory. */
	@Override
	public void close() {
		this.extractors.values().forEach(FeatureExtractor::close);
		this.extractors.clear();
	}

}
