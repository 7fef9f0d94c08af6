package dev.ganforge.data;

/**
 * The one way to load a dataset: IDX (MNIST, Fashion-MNIST), an image folder or synthetic
 * shapes, resized once to the training size.
 */
public final class Datasets {

	/** Smallest supported image size. */
	public static final int MIN_IMAGE_SIZE = 16;

	/** Largest supported image size. */
	public static final int MAX_IMAGE_SIZE = 128;

	private Datasets() {
	}

	/**
	 * Load a dataset.
	 * @param spec what to load
	 * @param imageSize the side of the square training images: a power of two from 16 to
	 * 128
	 * @param channels 1 for grayscale, 3 for RGB (a grayscale source is replicated)
	 * @param roots where dataset files may be read from
	 * @param seed the seed for synthetic data; ignored by file datasets
	 * @return the dataset, named by the canonical spec
	 * @throws IllegalArgumentException if the size or channel count is unsupported
	 * @throws InvalidDatasetException if a path is not allowed
	 * @throws DatasetNotFoundException if the files are missing
	 * @throws CorruptDatasetException if a file cannot be read
	 */
	public static ImageDataset load(DatasetSpec spec, int imageSize, int channels, DataRoots roots, long seed) {
		if (spec == null) {
			throw new IllegalArgumentException("Dataset spec is required");
		}
		if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE || Integer.bitCount(imageSize) != 1) {
			throw new IllegalArgumentException("Image size " + imageSize + " is not supported; use a power of two from "
					+ MIN_IMAGE_SIZE + " to " + MAX_IMAGE_SIZE + " (16, 32, 64 or 128)");
		}
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException(
					"Channels " + channels + " is not supported; use 1 (grayscale) or 3 (RGB)");
		}
		if (roots == null && spec.kind() != DatasetSpec.Kind.SYNTHETIC) {
			throw new IllegalArgumentException("Data roots are required to load " + spec);
		}
		return switch (spec.kind()) {
			case FASHION_MNIST, MNIST -> IdxDatasets.load(spec, imageSize, channels, roots);
			case FOLDER -> ImageFolder.load(spec, imageSize, channels, roots);
			case SYNTHETIC -> SyntheticShapes.generate(spec, imageSize, channels, seed);
		};
	}

	/**
	 * Checks, without reading them, that a dataset's files are where loading will look:
	 * lets a service refuse a job up front instead of failing it later.
	 * @param spec the dataset
	 * @param roots where dataset files may be read from
	 * @throws InvalidDatasetException if a path is not allowed
	 * @throws DatasetNotFoundException if the files or the folder are missing
	 */
	public static void requireAvailable(DatasetSpec spec, DataRoots roots) {
		switch (spec.kind()) {
			case FASHION_MNIST, MNIST -> IdxDatasets.locate(spec, roots);
			case FOLDER -> {
				if (!java.nio.file.Files.isDirectory(roots.resolve(spec.folder()))) {
					throw new DatasetNotFoundException("Dataset folder '" + spec.folder() + "' is not a directory");
				}
			}
			case SYNTHETIC -> {
				// generated, nothing to find
			}
		}
	}

	/**
	 * Checks, without decoding images, that a dataset has the labels a conditional pair
	 * needs (see {@link #requireClasses}): IDX files and the synthetic shapes always
	 * have; a folder has when every image is in a first-level subfolder.
	 * @param spec the dataset
	 * @param roots where dataset files may be read from
	 * @throws IllegalArgumentException saying what is missing
	 * @throws DatasetNotFoundException if the folder cannot be listed
	 */
	public static void requireLabelled(DatasetSpec spec, DataRoots roots) {
		if (spec.kind() != DatasetSpec.Kind.FOLDER) {
			return;
		}
		requireAvailable(spec, roots);
		DataRoots.Location location = roots.locate(spec.folder());
		ImageFolder.Listing listing = ImageFolder.listing(location.root(), location.path());
		requireClasses(spec.toString(), listing.classes(), listing.counts(), listing.labelled());
	}

	/**
	 * The rule for a dataset a conditional pair can learn: labelled, at least two
	 * classes, none of them empty.
	 * @param dataset the dataset's name, for messages
	 * @param classes its classes, in label order
	 * @param counts the images of each class
	 * @param labelled whether every image has a class
	 * @throws IllegalArgumentException saying which rule it breaks
	 */
	public static void requireClasses(String dataset, java.util.List<String> classes, int[] counts, boolean labelled) {
		if (!labelled || classes.isEmpty()) {
			throw new IllegalArgumentException("dataset " + dataset + " has no labels (a folder is labelled when "
					+ "every image is in a first-level subfolder, its class)");
		}
		if (classes.size() < 2) {
			throw new IllegalArgumentException(
					"dataset " + dataset + " has one class, " + classes.get(0) + "; a conditional pair needs two");
		}
		for (int c = 0; c < classes.size(); c++) {
			if (counts[c] == 0) {
				throw new IllegalArgumentException(
						"class " + classes.get(c) + " of dataset " + dataset + " has no images; remove it or add some");
			}
		}
	}

}
