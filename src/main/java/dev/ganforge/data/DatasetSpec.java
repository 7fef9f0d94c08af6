package dev.ganforge.data;

import java.util.List;

import java.util.Locale;

/**
 * What to train on, parsed from a short text form:
 * <ul>
 * <li>{@code fashion-mnist}, {@code fashion-mnist:train}, {@code fashion-mnist:test}</li>
 * <li>{@code mnist}, {@code mnist:train}, {@code mnist:test}</li>
 * <li>{@code folder:<path relative to a data root>}</li>
 * <li>{@code synthetic}, {@code synthetic:<count>}</li>
 * </ul>
 * {@link #toString()} gives the canonical form, e.g. {@code fashion-mnist:train} or
 * {@code synthetic:2048}.
 *
 * @param kind the kind of dataset
 * @param split the split for IDX datasets, {@code null} otherwise
 * @param folder the folder path for {@link Kind#FOLDER}, {@code null} otherwise
 * @param count the number of images for {@link Kind#SYNTHETIC}, 0 otherwise
 */
public record DatasetSpec(Kind kind, Split split, String folder, int count) {

	/** Number of synthetic images when no count is given. */
	public static final int DEFAULT_SYNTHETIC_COUNT = 2048;

	/** Largest synthetic dataset. */
	public static final int MAX_SYNTHETIC_COUNT = 100_000;

	private static final String FORMS = "fashion-mnist[:train|:test], mnist[:train|:test], folder:<relative path>, "
			+ "synthetic[:<count>]";

	public DatasetSpec {
		if (kind == null) {
			throw new InvalidDatasetException("Dataset kind is missing; expected one of " + FORMS);
		}
		switch (kind) {
			case FASHION_MNIST, MNIST -> {
				if (split == null) {
					throw new InvalidDatasetException("Dataset " + kind.id + " needs a split (train or test)");
				}
				folder = null;
				count = 0;
			}
			case FOLDER -> {
				DataRoots.checkRelative(folder);
				split = null;
				count = 0;
			}
			case SYNTHETIC -> {
				if (count < 1 || count > MAX_SYNTHETIC_COUNT) {
					throw new InvalidDatasetException(
							"Synthetic dataset size " + count + " is out of range; use 1 to " + MAX_SYNTHETIC_COUNT);
				}
				split = null;
				folder = null;
			}
		}
	}

	/**
	 * Parse a dataset spec.
	 * @param text the spec, e.g. {@code fashion-mnist:test}
	 * @return the parsed spec
	 * @throws InvalidDatasetException if the text is not one of the accepted forms
	 */
	public static DatasetSpec parse(String text) {
		if (text == null || text.isBlank()) {
			throw new InvalidDatasetException("Dataset spec is empty; expected one of " + FORMS);
		}
		String trimmed = text.strip();
		int colon = trimmed.indexOf(':');
		String head = ((colon < 0) ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
		String argument = (colon < 0) ? null : trimmed.substring(colon + 1);
		return switch (head) {
			case "fashion-mnist" -> new DatasetSpec(Kind.FASHION_MNIST, parseSplit(head, argument), null, 0);
			case "mnist" -> new DatasetSpec(Kind.MNIST, parseSplit(head, argument), null, 0);
			case "folder" -> {
				if (argument == null || argument.isBlank()) {
					throw new InvalidDatasetException(
							"Dataset spec '" + text + "' needs a folder: folder:<path relative to a data root>");
				}
				yield folder(argument);
			}
			case "synthetic" -> synthetic(parseCount(text, argument));
			default -> throw new InvalidDatasetException(
					"Unknown dataset '" + head + "' in spec '" + text + "'; expected one of " + FORMS);
		};
	}

	/**
	 * A Fashion-MNIST split.
	 * @param split train or test
	 * @return the spec
	 */
	public static DatasetSpec fashionMnist(Split split) {
		return new DatasetSpec(Kind.FASHION_MNIST, split, null, 0);
	}

	/**
	 * An MNIST split.
	 * @param split train or test
	 * @return the spec
	 */
	public static DatasetSpec mnist(Split split) {
		return new DatasetSpec(Kind.MNIST, split, null, 0);
	}

	/**
	 * A folder of PNG/JPEG images.
	 * @param relativePath the folder, relative to a data root
	 * @return the spec
	 */
	public static DatasetSpec folder(String relativePath) {
		return new DatasetSpec(Kind.FOLDER, null, relativePath, 0);
	}

	/**
	 * Synthetic shapes.
	 * @param count number of images, 1 to {@link #MAX_SYNTHETIC_COUNT}
	 * @return the spec
	 */
	public static DatasetSpec synthetic(int count) {
		return new DatasetSpec(Kind.SYNTHETIC, null, null, count);
	}

	private static Split parseSplit(String head, String argument) {
		if (argument == null) {
			return Split.TRAIN;
		}
		return switch (argument.strip().toLowerCase(Locale.ROOT)) {
			case "train" -> Split.TRAIN;
			case "test" -> Split.TEST;
			default -> throw new InvalidDatasetException(
					"Unknown split '" + argument + "' for " + head + "; use " + head + ":train or " + head + ":test");
		};
	}

	private static int parseCount(String text, String argument) {
		if (argument == null) {
			return DEFAULT_SYNTHETIC_COUNT;
		}
		try {
			return Integer.parseInt(argument.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidDatasetException("Synthetic size in '" + text + "' is not a whole number; use synthetic:"
					+ DEFAULT_SYNTHETIC_COUNT + " (1 to " + MAX_SYNTHETIC_COUNT + ")");
		}
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case FASHION_MNIST, MNIST -> this.kind.id + ":" + this.split.id;
			case FOLDER -> this.kind.id + ":" + this.folder;
			case SYNTHETIC -> this.kind.id + ":" + this.count;
		};
	}

	/**
	 * The kinds of dataset.
	 */
	public enum Kind {

		/** Zalando's Fashion-MNIST in IDX format. */
		FASHION_MNIST("fashion-mnist"),
		/** LeCun's MNIST digits in IDX format. */
		MNIST("mnist"),
		/** A folder of PNG/JPEG images. */
		FOLDER("folder"),
		/** Drawn shapes, no files needed. */
		SYNTHETIC("synthetic");

		private final String id;

		Kind(String id) {
			this.id = id;
		}

		/**
		 * Return the name used in specs.
		 * @return the spec name, e.g. {@code fashion-mnist}
		 */
		public String id() {
			return this.id;
		}

		/**
		 * The names of the dataset's classes, in label order.
		 * @return Fashion-MNIST's ten garment names, MNIST's digits, the synthetic
		 * shapes, or empty for datasets whose classes are not fixed (a folder's are its
		 * subfolders)
		 */
		public List<String> classNames() {
			return switch (this) {
				case FASHION_MNIST -> List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
						"Sneaker", "Bag", "Ankle boot");
				case MNIST -> List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
				case SYNTHETIC -> List.of("circle", "square", "triangle");
				default -> List.of();
			};
		}

	}

	/**
	 * The splits of an IDX dataset.
	 */
	public enum Split {

		/** The training split (60000 images for MNIST and Fashion-MNIST). */
		TRAIN("train", "train"),
		/** The test split (10000 images), files prefixed {@code t10k}. */
		TEST("test", "t10k");

		private final String id;

		private final String filePrefix;

		Split(String id, String filePrefix) {
			this.id = id;
			this.filePrefix = filePrefix;
		}

		/**
		 * Return the name used in specs.
		 * @return {@code train} or {@code test}
		 */
		public String id() {
			return this.id;
		}

		String filePrefix() {
			return this.filePrefix;
		}

	}

}
