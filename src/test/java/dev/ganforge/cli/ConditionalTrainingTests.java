package dev.ganforge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.checkpoint.Manifest;
import dev.ganforge.data.DataRoots;
import dev.ganforge.data.DatasetSpec;
import dev.ganforge.data.Datasets;
import dev.ganforge.data.ImageDataset;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.GradMode;
import dev.ganforge.nn.Latents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conditional pair trained on the synthetic shapes makes the shape it is asked for: a
 * classifier trained on the real shapes recognises the requested shape in most of its
 * images, which it could not if the class were ignored (one in three by chance).
 */
class ConditionalTrainingTests {

	private static final int SIZE = 16;

	@TempDir
	Path dir;

	@Test
	void aConditionalPairMakesTheShapeItIsAskedFor() throws Exception {
		Path model = this.dir.resolve("models/shapes-c");
		assertThat(Cli.run(new String[] { "train", "--dataset", "synthetic:2048", "--arch", "dcgan", "--image-size",
				String.valueOf(SIZE), "--nz", "16", "--ngf", "32", "--ndf", "32", "--batch-size", "64", "--steps",
				"3000", "--conditional", "--sample-every", "1000", "--snapshot-every", "3000", "--progress", "none",
				"--out", model.toString(), "--run-dir", this.dir.resolve("run").toString() }))
			.isZero();
		Manifest manifest = CheckpointStore.readManifest(model);
		assertThat(manifest.classNames()).containsExactly("circle", "square", "triangle");
		assertThat(manifest.classes().stream().mapToInt(Manifest.ModelClass::trainingImages).sum()).isEqualTo(2048);
		// The sample grid has one row of 8 per class.
		java.awt.image.BufferedImage grid = javax.imageio.ImageIO.read(model.resolve("samples.png").toFile());
		assertThat(grid.getHeight()).isLessThan(grid.getWidth());

		ImageDataset real = Datasets.load(DatasetSpec.parse("synthetic:2048"), SIZE, 1, DataRoots.defaults(), 42);
		ShapeClassifier classifier = ShapeClassifier.train(real);
		assertThat(classifier.accuracy(real)).as("the classifier knows the real shapes").isGreaterThan(0.85);

		GradMode.disableOnThisThread();
		int perClass = 100;
		int recognised = 0;
		try (LoadedModel loaded = LoadedModel.load(model)) {
			assertThat(loaded.spec().classes()).isEqualTo(3);
			for (int shape = 0; shape < 3; shape++) {
				int[] classes = new int[perClass];
				java.util.Arrays.fill(classes, shape);
				float[] inputs = Latents.withClasses(Latents.gaussianBatch(1000L * shape, perClass, 16), perClass,
						classes, 3);
				float[] images = loaded.generate(inputs, perClass);
				for (int i = 0; i < perClass; i++) {
					if (classifier.classify(images, i * SIZE * SIZE) == shape) {
						recognised++;
					}
				}
			}
		}
		assertThat(recognised / (3.0 * perClass)).as("requested shape recognised").isGreaterThan(0.6);
	}

	@Test
	void aDatasetWithoutLabelsOrWithOneClassIsRefusedBeforeTraining() throws Exception {
		Path one = Files.createDirectories(this.dir.resolve("data/one/boot"));
		Path flat = Files.createDirectories(this.dir.resolve("data/flat"));
		for (int i = 0; i < 4; i++) {
			javax.imageio.ImageIO.write(
					new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
					one.resolve(i + ".png").toFile());
			javax.imageio.ImageIO.write(
					new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
					flat.resolve(i + ".png").toFile());
		}
		Files.createDirectories(this.dir.resolve("data/empty-class/boot"));
		Files.createDirectories(this.dir.resolve("data/empty-class/shoe"));
		javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB),
				"png", this.dir.resolve("data/empty-class/boot/0.png").toFile());
		for (String folder : List.of("one", "flat", "empty-class")) {
			assertThat(Cli.run(new String[] { "train", "--dataset", "folder:" + folder, "--data-root",
					this.dir.resolve("data").toString(), "--arch", "gan", "--image-size", "16", "--batch-size", "1",
					"--steps", "1", "--conditional", "--progress", "none", "--out",
					this.dir.resolve("models/" + folder).toString(), "--run-dir",
					this.dir.resolve("runs/" + folder).toString() }))
				.as(folder)
				.isEqualTo(2);
			assertThat(this.dir.resolve("models/" + folder)).doesNotExist();
		}
	}

	/**
	 * A nearest-centroid classifier of the shapes on three features of the thresholded
	 * shape: how much of its bounding box it fills (square 1, circle 0.79, triangle 0.5),
	 * and how wide its top and bottom rows are against the box.
	 */
	record ShapeClassifier(double[][] centroids) {

		static ShapeClassifier train(ImageDataset data) {
			double[][] sums = new double[3][3];
			int[] counts = new int[3];
			float[] image = new float[data.imageLength()];
			int[] labels = data.labels();
			for (int i = 0; i < data.size(); i++) {
				data.copyTo(i, image, 0);
				double[] f = features(image, 0);
				for (int j = 0; j < 3; j++) {
					sums[labels[i]][j] += f[j];
				}
				counts[labels[i]]++;
			}
			for (int c = 0; c < 3; c++) {
				for (int j = 0; j < 3; j++) {
					sums[c][j] /= counts[c];
				}
			}
			return new ShapeClassifier(sums);
		}

		double accuracy(ImageDataset data) {
			float[] image = new float[data.imageLength()];
			int right = 0;
			for (int i = 0; i < data.size(); i++) {
				data.copyTo(i, image, 0);
				right += (classify(image, 0) == data.labels()[i]) ? 1 : 0;
			}
			return right / (double) data.size();
		}

		int classify(float[] images, int offset) {
			double[] f = features(images, offset);
			int best = 0;
			double bestDistance = Double.MAX_VALUE;
			for (int c = 0; c < 3; c++) {
				double d = 0;
				for (int j = 0; j < 3; j++) {
					d += (f[j] - this.centroids[c][j]) * (f[j] - this.centroids[c][j]);
				}
				if (d < bestDistance) {
					bestDistance = d;
					best = c;
				}
			}
			return best;
		}

		private static double[] features(float[] images, int offset) {
			int top = SIZE;
			int bottom = -1;
			int left = SIZE;
			int right = -1;
			int area = 0;
			for (int y = 0; y < SIZE; y++) {
				for (int x = 0; x < SIZE; x++) {
					if (images[offset + y * SIZE + x] > -0.4f) {
						area++;
						top = Math.min(top, y);
						bottom = Math.max(bottom, y);
						left = Math.min(left, x);
						right = Math.max(right, x);
					}
				}
			}
			if (area == 0) {
				return new double[] { 0, 0, 0 };
			}
			double width = right - left + 1;
			double box = width * (bottom - top + 1);
			return new double[] { area / box, rowWidth(images, offset, top) / width,
					rowWidth(images, offset, bottom) / width };
		}

		private static int rowWidth(float[] images, int offset, int y) {
			int count = 0;
			for (int x = 0; x < SIZE; x++) {
				if (images[offset + y * SIZE + x] > -0.4f) {
					count++;
				}
			}
			return count;
		}

	}

}
