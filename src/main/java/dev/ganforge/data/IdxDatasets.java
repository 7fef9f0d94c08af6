package dev.ganforge.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.ganforge.data.DatasetSpec.Split;

/**
 * Loads MNIST-style datasets from {@code <root>/<name>/<prefix>-images-idx3-ubyte[.gz]}
 * and {@code <root>/<name>/<prefix>-labels-idx1-ubyte[.gz]}, where the prefix is
 * {@code train} or {@code t10k}.
 */
final class IdxDatasets {

	private static final int CHUNK = 1024;

	private IdxDatasets() {
	}

	static ImageDataset load(DatasetSpec spec, int imageSize, int channels, DataRoots roots) {
		Path[] files = locate(spec, roots);
		Path imagesFile = files[0];
		Path labelsFile = files[1];
		IdxReader.IdxImages images = IdxReader.readImages(imagesFile);
		int[] labels = IdxReader.readLabels(labelsFile);
		if (labels.length != images.count()) {
			throw new CorruptDatasetException(labelsFile,
					labels.length + " labels but " + imagesFile + " holds " + images.count() + " images");
		}
		byte[] pixels = resizeAll(images, imageSize, channels);
		return ImageDataset.of(spec.toString(), channels, imageSize, pixels, labels, spec.kind().classNames());
	}

	/**
	 * The images file and the labels file of a split.
	 */
	static Path[] locate(DatasetSpec spec, DataRoots roots) {
		String directory = spec.kind().id();
		Split split = spec.split();
		return new Path[] { find(roots, directory, split.filePrefix() + "-images-idx3-ubyte", spec),
				find(roots, directory, split.filePrefix() + "-labels-idx1-ubyte", spec) };
	}

	private static Path find(DataRoots roots, String directory, String baseName, DatasetSpec spec) {
		List<String> tried = new ArrayList<>();
		for (String name : List.of(baseName + ".gz", baseName)) {
			String relative = directory + "/" + name;
			tried.add(relative);
			try {
				return roots.resolve(relative);
			}
			catch (DatasetNotFoundException ex) {
				// try the next name
			}
		}
		throw new DatasetNotFoundException(
				"Dataset " + spec + " not found " + roots.searched() + ": looked for " + String.join(" and ", tried));
	}

	private static byte[] resizeAll(IdxReader.IdxImages images, int imageSize, int channels) {
		int sourceLength = images.rows() * images.cols();
		int targetLength = channels * imageSize * imageSize;
		byte[] pixels = new byte[Math.multiplyExact(images.count(), targetLength)];
		int chunks = (images.count() + CHUNK - 1) / CHUNK;
		IntStream.range(0, chunks).parallel().forEach((chunk) -> {
			Resampling.GrayResizer resizer = new Resampling.GrayResizer(images.cols(), images.rows(), imageSize);
			int end = Math.min(images.count(), (chunk + 1) * CHUNK);
			for (int i = chunk * CHUNK; i < end; i++) {
				resizer.resize(images.pixels(), i * sourceLength, pixels, i * targetLength, channels);
			}
		});
		return pixels;
	}

}
