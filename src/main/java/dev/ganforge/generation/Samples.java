package dev.ganforge.generation;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import dev.ganforge.image.Images;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.NetworkSpec;

/**
 * Generated images and the model that drew them.
 *
 * @param model the model
 * @param pixels count * C * H * W values in [-1, 1]
 * @param count number of images
 */
record Samples(LoadedModel model, float[] pixels, int count) {

	/** Largest picture returned, in pixels (4096 x 4096), whatever count and scale. */
	static final long MAX_OUTPUT_PIXELS = 1L << 24;

	NetworkSpec spec() {
		return this.model.spec();
	}

	/** The model's version: the training step of its checkpoint. */
	long version() {
		return this.model.manifest().step();
	}

	/**
	 * The pixels of all images at a scale, what rendering them holds in memory.
	 * @param scale the upscaling
	 * @return count x (image size x scale)^2
	 */
	long pixels(int scale) {
		long side = (long) spec().imageSize() * scale;
		return this.count * side * side;
	}

	BufferedImage image(int index, int scale) {
		return Images.toImage(this.pixels, index, spec().channels(), spec().imageSize(), scale);
	}

	List<BufferedImage> images(int scale) {
		List<BufferedImage> images = new ArrayList<>(this.count);
		for (int i = 0; i < this.count; i++) {
			images.add(image(i, scale));
		}
		return images;
	}

	/**
	 * One image as is, or several in a grid.
	 * @param layout columns, padding and scale
	 * @return the PNG bytes
	 */
	byte[] png(Layout layout) {
		if (this.count == 1) {
			return Images.png(image(0, layout.scale()));
		}
		return Images.png(Images.grid(this.pixels, this.count, spec().channels(), spec().imageSize(), layout.columns(),
				layout.padding(), layout.scale()));
	}

	/**
	 * Refuses a picture larger than {@link #MAX_OUTPUT_PIXELS}, before anything is
	 * generated.
	 * @param field the request's field that sets how many images there are
	 * @param images how many images the picture holds
	 * @param imageSize side of one image
	 * @param scale the upscaling
	 * @throws InvalidGenerationRequestException if it is too large
	 */
	static void checkOutputSize(String field, int images, int imageSize, int scale) {
		long side = (long) imageSize * scale;
		if (images * side * side > MAX_OUTPUT_PIXELS) {
			throw new InvalidGenerationRequestException(field,
					images + " images of " + side + "x" + side + " pixels exceed the limit of " + MAX_OUTPUT_PIXELS
							+ " output pixels; lower count, steps or scale");
		}
	}

	/**
	 * How images are laid out.
	 *
	 * @param columns images per row of a grid
	 * @param padding pixels between and around the images of a grid
	 * @param scale integer nearest-neighbour upscaling
	 */
	record Layout(int columns, int padding, int scale) {
	}

}
