package dev.ganforge.data;

import java.util.List;
import java.util.Objects;

/**
 * Square images held as uint8 pixels at the training size, in CHW order per image, read
 * as floats in [-1, 1] by {@link #copyTo(int, float[], int)}. Pixels are resized once at
 * load; bytes rather than floats keep 60000 images at 64x64 to about 245 MB.
 */
public final class ImageDataset {

	private static final float[] TO_UNIT_RANGE = new float[256];

	static {
		for (int v = 0; v < 256; v++) {
			TO_UNIT_RANGE[v] = v / 127.5f - 1f;
		}
	}

	private final String name;

	private final int channels;

	private final int imageSize;

	private final int size;

	private final byte[] pixels;

	private final int[] labels;

	private final List<String> classNames;

	private ImageDataset(String name, int channels, int imageSize, byte[] pixels, int[] labels,
			List<String> classNames) {
		this.name = Objects.requireNonNull(name, "name");
		Objects.requireNonNull(pixels, "pixels");
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("channels must be 1 or 3, was " + channels);
		}
		if (imageSize < 1) {
			throw new IllegalArgumentException("imageSize must be positive, was " + imageSize);
		}
		int imageLength = channels * imageSize * imageSize;
		if (pixels.length % imageLength != 0) {
			throw new IllegalArgumentException("pixels length " + pixels.length + " is not a multiple of " + channels
					+ "x" + imageSize + "x" + imageSize);
		}
		int count = pixels.length / imageLength;
		if (labels != null && labels.length != count) {
			throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
		}
		this.channels = channels;
		this.imageSize = imageSize;
		this.size = count;
		this.pixels = pixels;
		this.labels = labels;
		this.classNames = (labels != null) ? List.copyOf(classNames) : List.of();
		if (labels != null && !this.classNames.isEmpty()) {
			for (int label : labels) {
				if (label < 0 || label >= this.classNames.size()) {
					throw new IllegalArgumentException(
							"label " + label + " is not one of the " + this.classNames.size() + " classes");
				}
			}
		}
	}

	/**
	 * Create a dataset from pixels already at their final size. The arrays are used as
	 * they are, not copied.
	 * @param name a name for logs and checkpoints
	 * @param channels 1 (grayscale) or 3 (RGB)
	 * @param imageSize the width and height
	 * @param pixels uint8 pixels, image after image, each in CHW order
	 * @param labels one class per image, or {@code null} when unknown
	 * @return the dataset
	 */
	public static ImageDataset of(String name, int channels, int imageSize, byte[] pixels, int[] labels) {
		return new ImageDataset(name, channels, imageSize, pixels, labels, List.of());
	}

	/**
	 * Create a labelled dataset whose classes have names, like
	 * {@link #of(String, int, int, byte[], int[])}.
	 * @param name a name for logs and checkpoints
	 * @param channels 1 (grayscale) or 3 (RGB)
	 * @param imageSize the width and height
	 * @param pixels uint8 pixels, image after image, each in CHW order
	 * @param labels one class per image, each an index into {@code classNames}
	 * @param classNames the classes, in label order; a class may have no images
	 * @return the dataset
	 * @throws IllegalArgumentException if a label is not an index into the names
	 */
	public static ImageDataset of(String name, int channels, int imageSize, byte[] pixels, int[] labels,
			List<String> classNames) {
		return new ImageDataset(name, channels, imageSize, pixels, labels, classNames);
	}

	/**
	 * The names of the classes, in label order.
	 * @return the names; empty when the images are unlabelled or their classes unnamed
	 */
	public List<String> classNames() {
		return this.classNames;
	}

	/**
	 * How many images each named class has.
	 * @return one count per {@link #classNames() class}, in label order
	 */
	public int[] classCounts() {
		int[] counts = new int[this.classNames.size()];
		if (this.labels != null && counts.length > 0) {
			for (int label : this.labels) {
				counts[label]++;
			}
		}
		return counts;
	}

	/**
	 * Return the dataset's name, the canonical spec when loaded by {@link Datasets}.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the number of images.
	 * @return the number of images
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Return the number of channels.
	 * @return 1 or 3
	 */
	public int channels() {
		return this.channels;
	}

	/**
	 * Return the width and height of every image.
	 * @return the side length in pixels
	 */
	public int imageSize() {
		return this.imageSize;
	}

	/**
	 * Return the number of floats one image occupies: channels x size x size.
	 * @return the length of one image
	 */
	public int imageLength() {
		return this.channels * this.imageSize * this.imageSize;
	}

	/**
	 * Return a copy of the class labels.
	 * @return one label per image, or {@code null} when the dataset has none
	 */
	public int[] labels() {
		return (this.labels != null) ? this.labels.clone() : null;
	}

	/**
	 * Write one image as {@code channels x size x size} floats in CHW order, scaled from
	 * 0..255 to [-1, 1] as {@code v / 127.5 - 1}.
	 * @param index the image index
	 * @param dest the destination
	 * @param offset where in {@code dest} the image starts
	 */
	public void copyTo(int index, float[] dest, int offset) {
		Objects.checkIndex(index, this.size);
		int length = imageLength();
		Objects.checkFromIndexSize(offset, length, dest.length);
		int from = index * length;
		for (int i = 0; i < length; i++) {
			dest[offset + i] = TO_UNIT_RANGE[this.pixels[from + i] & 0xff];
		}
	}

	@Override
	public String toString() {
		return "ImageDataset[" + this.name + ", " + this.size + " x " + this.channels + "x" + this.imageSize + "x"
				+ this.imageSize + ((this.labels != null) ? ", labelled" : "") + "]";
	}

}
