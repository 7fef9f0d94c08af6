package dev.ganforge.evaluation;

/**
 * Brings images of any supported size and channel count to the extractor's input: one
 * grayscale plane of {@link FeatureNet#INPUT_SIZE}. Sizes are powers of two, so the
 * resize is exact and cheap: a box average over {@code size / 32} squared pixels for
 * larger images (area downsampling, no aliasing) and pixel replication for 16x16. RGB
 * becomes ITU-R BT.601 luma, as the data package converts it.
 */
final class InputResizer {

	private InputResizer() {
	}

	/**
	 * Resizes a batch.
	 * @param images count * channels * size * size values in [-1, 1], CHW per image
	 * @param count number of images
	 * @param channels 1 or 3
	 * @param size side of the images, a power of two
	 * @return count * 32 * 32 values
	 */
	static float[] toInput(float[] images, int count, int channels, int size) {
		int out = FeatureNet.INPUT_SIZE;
		if (size < 1 || Integer.bitCount(size) != 1) {
			throw new IllegalArgumentException("Image size must be a power of two, was " + size);
		}
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("Channels must be 1 or 3, was " + channels);
		}
		int plane = size * size;
		if (images.length != count * channels * plane) {
			throw new IllegalArgumentException(
					images.length + " values are not " + count + " images of " + channels + "x" + size + "x" + size);
		}
		float[] gray = new float[plane];
		float[] result = new float[count * out * out];
		for (int n = 0; n < count; n++) {
			int from = n * channels * plane;
			if (channels == 1) {
				System.arraycopy(images, from, gray, 0, plane);
			}
			else {
				for (int i = 0; i < plane; i++) {
					gray[i] = 0.299f * images[from + i] + 0.587f * images[from + plane + i]
							+ 0.114f * images[from + 2 * plane + i];
				}
			}
			resize(gray, size, result, n * out * out, out);
		}
		return result;
	}

	private static void resize(float[] source, int size, float[] dest, int offset, int out) {
		if (size >= out) {
			int factor = size / out;
			float scale = 1f / (factor * factor);
			for (int y = 0; y < out; y++) {
				for (int x = 0; x < out; x++) {
					float sum = 0;
					for (int dy = 0; dy < factor; dy++) {
						int row = (y * factor + dy) * size + x * factor;
						for (int dx = 0; dx < factor; dx++) {
							sum += source[row + dx];
						}
					}
					dest[offset + y * out + x] = sum * scale;
				}
			}
		}
		else {
			int factor = out / size;
			for (int y = 0; y < out; y++) {
				for (int x = 0; x < out; x++) {
					dest[offset + y * out + x] = source[(y / factor) * size + x / factor];
				}
			}
		}
	}

}
