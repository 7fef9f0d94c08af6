package dev.ganforge.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Loads every PNG and JPEG under a folder (recursively, sorted by relative path so the
 * order never depends on the file system), centre-cropped to a square and resized with
 * {@link Resampling}. Files whose real path, after following symbolic links, leaves the
 * data root are skipped without being opened; symbolic links to directories are not
 * followed.
 *
 * <p>
 * Labels follow the usual image-folder convention: the first-level subfolder is the class
 * ({@code shoes/boot/1.png} is of class {@code boot}), classes named and ordered by their
 * subfolders' names, sorted. A folder with any image directly in its root is unlabelled.
 * A subfolder without images is still a class, with no images, so that training a
 * conditional model can refuse it.
 */
final class ImageFolder {

	private static final long MAX_PIXELS = 64L * 1024 * 1024;

	private ImageFolder() {
	}

	static ImageDataset load(DatasetSpec spec, int imageSize, int channels, DataRoots roots) {
		DataRoots.Location location = roots.locate(spec.folder());
		Path folder = location.path();
		if (!Files.isDirectory(folder)) {
			throw new InvalidDatasetException("Dataset " + spec + ": " + folder + " is not a directory");
		}
		Listing listing = listing(location.root(), folder);
		List<Path> files = listing.files();
		if (files.isEmpty()) {
			throw new DatasetNotFoundException(
					"Dataset " + spec + ": no .png, .jpg or .jpeg files under " + folder + " (searched recursively)");
		}
		int length = channels * imageSize * imageSize;
		byte[] pixels = new byte[Math.multiplyExact(files.size(), length)];
		IntStream.range(0, files.size()).parallel().forEach((i) -> {
			BufferedImage resized = Resampling.cropAndResize(read(files.get(i)), imageSize);
			Resampling.writeChw(resized, channels, pixels, i * length);
		});
		return listing.labelled()
				? ImageDataset.of(spec.toString(), channels, imageSize, pixels, listing.labels(), listing.classes())
				: ImageDataset.of(spec.toString(), channels, imageSize, pixels, null);
	}

	/** The first-level subfolders, sorted: the classes, if every image is in one. */
	private static List<String> classes(Path folder) {
		try (Stream<Path> children = Files.list(folder)) {
			return children.filter((path) -> Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
				.map((path) -> path.getFileName().toString())
				.filter((name) -> !name.startsWith("."))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new DatasetNotFoundException("Cannot list the subfolders of " + folder + ": " + ex.getMessage());
		}
	}

	/** Each image's class, or null if any image is directly in the folder. */
	private static int[] labels(Path folder, List<Path> files, List<String> classes) {
		int[] labels = new int[files.size()];
		for (int i = 0; i < labels.length; i++) {
			Path relative = folder.relativize(files.get(i));
			if (relative.getNameCount() < 2) {
				return null;
			}
			labels[i] = classes.indexOf(relative.getName(0).toString());
			if (labels[i] < 0) {
				return null;
			}
		}
		return labels;
	}

	static List<Path> list(Path root, Path folder) {
		try (Stream<Path> walk = Files.walk(folder)) {
			return walk.filter(ImageFolder::isImageName)
				.filter((path) -> Files.isRegularFile(path))
				.filter((path) -> DataRoots.isInside(root, path))
				.sorted(Comparator.comparing((Path path) -> folder.relativize(path).toString()))
				.collect(Collectors.toList());
		}
		catch (IOException | RuntimeException ex) {
			throw new DatasetNotFoundException("Cannot list images under " + folder + ": " + ex.getMessage());
		}
	}

	private static boolean isImageName(Path path) {
		String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
		return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
	}

	static BufferedImage read(Path file) {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) {
				throw new CorruptDatasetException(file, "cannot be opened as an image");
			}
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) {
				throw new CorruptDatasetException(file, "not a readable PNG or JPEG image");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
				if (pixels > MAX_PIXELS) {
					throw new CorruptDatasetException(file, "image is " + reader.getWidth(0) + "x" + reader.getHeight(0)
							+ ", larger than the " + MAX_PIXELS + "-pixel limit");
				}
				return reader.read(0);
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof CorruptDatasetException corrupt) {
				throw corrupt;
			}
			throw new CorruptDatasetException(file, "cannot be decoded (" + ex.getMessage() + ")", ex);
		}
	}

	/**
	 * What a folder holds, its images and their classes, without decoding an image.
	 * @param root the data root it is in
	 * @param folder the folder, a directory
	 * @return the listing
	 */
	static Listing listing(Path root, Path folder) {
		List<Path> files = list(root, folder);
		List<String> classes = classes(folder);
		return new Listing(files, classes, labels(folder, files, classes));
	}

	/**
	 * A folder's images and classes.
	 *
	 * @param files the images, sorted by relative path
	 * @param classes the first-level subfolders, sorted
	 * @param labels each image's class, or null when an image is directly in the folder
	 */
	record Listing(List<Path> files, List<String> classes, int[] labels) {

		/**
		 * Whether every image has a class.
		 * @return true when there are images and each is in a subfolder
		 */
		boolean labelled() {
			return this.labels != null && !this.files.isEmpty();
		}

		/**
		 * The images of each class.
		 * @return one count per class
		 */
		int[] counts() {
			int[] counts = new int[this.classes.size()];
			if (this.labels != null) {
				for (int label : this.labels) {
					counts[label]++;
				}
			}
			return counts;
		}

	}

}
