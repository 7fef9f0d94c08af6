package dev.ganforge.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ImageFolderTests {

	@TempDir
	Path dir;

	Path root;

	DataRoots roots;

	@BeforeEach
	void createRoot() throws IOException {
		this.root = Files.createDirectory(this.dir.resolve("root"));
		this.roots = DataRoots.of(this.root);
	}

	private static void png(Path file, int width, int height, Color color) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(color);
		g.fillRect(0, 0, width, height);
		g.dispose();
		write(file, image, "png");
	}

	private static void write(Path file, BufferedImage image, String format) throws IOException {
		Files.createDirectories(file.getParent());
		assertThat(ImageIO.write(image, format, file.toFile())).isTrue();
	}

	private ImageDataset load(String folder, int size, int channels) {
		return Datasets.load(DatasetSpec.folder(folder), size, channels, this.roots, 0);
	}

	private static float[] image(ImageDataset dataset, int index) {
		float[] values = new float[dataset.imageLength()];
		dataset.copyTo(index, values, 0);
		return values;
	}

	@Test
	void readsRecursivelyInSortedOrderAnyCaseExtensions() throws IOException {
		Path folder = this.root.resolve("imgs");
		png(folder.resolve("b.png"), 20, 20, new Color(100, 100, 100));
		png(folder.resolve("a.PNG"), 20, 20, new Color(50, 50, 50));
		png(folder.resolve("sub/c.png"), 20, 20, new Color(200, 200, 200));
		Files.writeString(folder.resolve("notes.txt"), "ignored");
		BufferedImage jpeg = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = jpeg.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 20, 20);
		g.dispose();
		write(folder.resolve("sub/d.JPEG"), jpeg, "jpeg");
		ImageDataset dataset = load("imgs", 16, 1);
		assertThat(dataset.name()).isEqualTo("folder:imgs");
		assertThat(dataset.size()).isEqualTo(4);
		assertThat(dataset.channels()).isEqualTo(1);
		assertThat(dataset.imageSize()).isEqualTo(16);
		assertThat(dataset.labels()).isNull();
		assertThat(image(dataset, 0)).containsOnly(50 / 127.5f - 1);
		assertThat(image(dataset, 1)).containsOnly(100 / 127.5f - 1);
		assertThat(image(dataset, 2)).containsOnly(200 / 127.5f - 1);
		assertThat(Pixels.min(image(dataset, 3))).isGreaterThan(0.95f);
	}

	@Test
	void cropsToCentreSquare() throws IOException {
		// 60x20: white side bands of 20 pixels, black centre square of 20x20.
		BufferedImage wide = new BufferedImage(60, 20, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = wide.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 60, 20);
		g.setColor(Color.BLACK);
		g.fillRect(20, 0, 20, 20);
		g.dispose();
		write(this.root.resolve("wide/w.png"), wide, "png");
		ImageDataset dataset = load("wide", 16, 1);
		assertThat(image(dataset, 0)).containsOnly(-1f);
	}

	@Test
	void downscalesBilinearlyKeepingLayoutAndRange() throws IOException {
		// 512x512, top half white and bottom half black: exercises the step-down by
		// halves.
		BufferedImage big = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = big.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 512, 256);
		g.dispose();
		write(this.root.resolve("big/x.png"), big, "png");
		ImageDataset dataset = load("big", 16, 1);
		float[] values = image(dataset, 0);
		assertThat(Pixels.min(values)).isGreaterThanOrEqualTo(-1f);
		assertThat(Pixels.max(values)).isLessThanOrEqualTo(1f);
		for (int x = 0; x < 16; x++) {
			assertThat(values[x]).isEqualTo(1f);
			assertThat(values[6 * 16 + x]).isEqualTo(1f);
			assertThat(values[9 * 16 + x]).isEqualTo(-1f);
			assertThat(values[15 * 16 + x]).isEqualTo(-1f);
		}
		// The edge between the halves is interpolated, not a hard step.
		assertThat(values[7 * 16]).isGreaterThan(-1f);
		assertThat(values[8 * 16]).isLessThan(1f);
	}

	@Test
	void upscalesSmallImages() throws IOException {
		png(this.root.resolve("small/s.png"), 4, 4, new Color(10, 20, 30));
		ImageDataset dataset = load("small", 32, 3);
		float[] values = image(dataset, 0);
		assertThat(values).hasSize(3 * 32 * 32);
		assertThat(values[0]).isEqualTo(10 / 127.5f - 1);
		assertThat(values[32 * 32]).isEqualTo(20 / 127.5f - 1);
		assertThat(values[2 * 32 * 32 + 500]).isEqualTo(30 / 127.5f - 1);
	}

	@Test
	void convertsToGrayscaleWithBt601Luma() throws IOException {
		png(this.root.resolve("red/r.png"), 16, 16, Color.RED);
		assertThat(image(load("red", 16, 1), 0)).containsOnly(76 / 127.5f - 1);
		float[] rgb = image(load("red", 16, 3), 0);
		assertThat(rgb[0]).isEqualTo(1f);
		assertThat(rgb[256]).isEqualTo(-1f);
		assertThat(rgb[512]).isEqualTo(-1f);
	}

	@Test
	void unreadableImageIsCorruptAndNamed() throws IOException {
		png(this.root.resolve("mixed/a.png"), 16, 16, Color.GRAY);
		Path bad = Files.writeString(this.root.resolve("mixed/b.png"), "not a png");
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> load("mixed", 16, 1))
			.withMessageContaining(bad.toRealPath().toString());
	}

	@Test
	void truncatedPngIsCorrupt() throws IOException {
		png(this.root.resolve("cut/full.png"), 64, 64, Color.GRAY);
		byte[] bytes = Files.readAllBytes(this.root.resolve("cut/full.png"));
		Files.write(this.root.resolve("cut/full.png"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
		assertThatExceptionOfType(CorruptDatasetException.class).isThrownBy(() -> load("cut", 16, 1))
			.withMessageContaining("full.png");
	}

	@Test
	void skipsSymlinksLeadingOutOfRoot() throws IOException {
		png(this.root.resolve("links/inside.png"), 16, 16, Color.BLACK);
		Path outside = this.dir.resolve("outside");
		png(outside.resolve("secret.png"), 16, 16, Color.WHITE);
		Files.createSymbolicLink(this.root.resolve("links/secret.png"), outside.resolve("secret.png"));
		Files.createSymbolicLink(this.root.resolve("links/outdir"), outside);
		Files.createSymbolicLink(this.root.resolve("links/alias.png"), this.root.resolve("links/inside.png"));
		ImageDataset dataset = load("links", 16, 1);
		assertThat(dataset.size()).isEqualTo(2);
		assertThat(image(dataset, 0)).containsOnly(-1f);
		assertThat(image(dataset, 1)).containsOnly(-1f);
	}

	@Test
	void refusesFolderThatIsASymlinkOutOfRoot() throws IOException {
		Path outside = this.dir.resolve("outside");
		png(outside.resolve("secret.png"), 16, 16, Color.WHITE);
		Files.createSymbolicLink(this.root.resolve("escape"), outside);
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> load("escape", 16, 1));
	}

	@Test
	void emptyOrMissingFolderIsNotFound() throws IOException {
		Files.createDirectories(this.root.resolve("empty"));
		assertThatExceptionOfType(DatasetNotFoundException.class).isThrownBy(() -> load("empty", 16, 1))
			.withMessageContaining("no .png");
		assertThatExceptionOfType(DatasetNotFoundException.class).isThrownBy(() -> load("absent", 16, 1))
			.withMessageContaining("absent");
	}

}
