package dev.ganforge.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Animated GIF encoding with the JDK's {@code javax.imageio} GIF writer.
 *
 * <p>
 * Each frame carries a Graphic Control Extension with its delay; GIF counts delays in
 * hundredths of a second, so the delay in milliseconds is rounded to the nearest 10 ms.
 * Browsers play delays under 20 ms at about 100 ms. Looping uses the NETSCAPE2.0
 * application extension on the first frame.
 *
 * <p>
 * Colours: all frames share one palette, so a colour does not flicker between frames.
 * When the frames hold at most 256 distinct colours (always for grayscale) the palette is
 * exact and the frames decode to their original pixels; otherwise it is built by median
 * cut (Heckbert 1982) and each pixel takes its nearest palette colour. The JDK writer's
 * own quantiser is not used: it loses colours of small images.
 */
public final class Gif {

	/** Longest delay a GIF frame can hold, in milliseconds. */
	public static final int MAX_DELAY_MS = 655_350;

	private static final String FORMAT = "javax_imageio_gif_image_1.0";

	private Gif() {
	}

	/**
	 * Encodes frames as an animated GIF.
	 * @param frames the frames, all of one size and type
	 * @param delayMs time each frame is shown, 10 to {@link #MAX_DELAY_MS} ms
	 * @param loops how many times the animation plays: 0 forever, 1 once (no loop
	 * extension), n &gt; 1 writes a NETSCAPE2.0 repeat count of n - 1 (at most 65536)
	 * @return the GIF bytes
	 * @throws IllegalArgumentException if there are no frames or a value is out of range
	 */
	public static byte[] encode(List<BufferedImage> frames, int delayMs, int loops) {
		if (frames.isEmpty()) {
			throw new IllegalArgumentException("A GIF needs at least one frame");
		}
		if (delayMs < 10 || delayMs > MAX_DELAY_MS) {
			throw new IllegalArgumentException("delayMs must be from 10 to " + MAX_DELAY_MS + ", was " + delayMs);
		}
		if (loops < 0 || loops > 65536) {
			throw new IllegalArgumentException("loops must be from 0 to 65536, was " + loops);
		}
		Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
		if (!writers.hasNext()) {
			throw new IllegalStateException("No GIF writer available");
		}
		ImageWriter writer = writers.next();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			writer.prepareWriteSequence(null);
			IndexColorModel palette = palette(frames);
			for (int i = 0; i < frames.size(); i++) {
				BufferedImage frame = indexed(frames.get(i), palette);
				IIOMetadata metadata = frameMetadata(writer, param, frame, palette, delayMs, (i == 0) ? loops : 1);
				writer.writeToSequence(new IIOImage(frame, null, metadata), param);
			}
			writer.endWriteSequence();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	private static IIOMetadata frameMetadata(ImageWriter writer, ImageWriteParam param, BufferedImage frame,
			IndexColorModel palette, int delayMs, int loops) throws IIOInvalidTreeException {
		IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
		IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
		// Not interlaced: interlacing buys nothing for an animation, and the JDK's reader
		// misplaces the rows of interlaced images under 4 pixels high.
		child(root, "ImageDescriptor").setAttribute("interlaceFlag", "FALSE");
		// Each frame names its palette; left out, the writer substitutes a default table.
		IIOMetadataNode table = child(root, "LocalColorTable");
		while (table.getFirstChild() != null) {
			table.removeChild(table.getFirstChild());
		}
		table.setAttribute("sizeOfLocalColorTable", Integer.toString(palette.getMapSize()));
		table.setAttribute("sortFlag", "FALSE");
		for (int i = 0; i < palette.getMapSize(); i++) {
			IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
			entry.setAttribute("index", Integer.toString(i));
			entry.setAttribute("red", Integer.toString(palette.getRed(i)));
			entry.setAttribute("green", Integer.toString(palette.getGreen(i)));
			entry.setAttribute("blue", Integer.toString(palette.getBlue(i)));
			table.appendChild(entry);
		}
		IIOMetadataNode control = child(root, "GraphicControlExtension");
		control.setAttribute("disposalMethod", "none");
		control.setAttribute("userInputFlag", "FALSE");
		control.setAttribute("transparentColorFlag", "FALSE");
		control.setAttribute("delayTime", Integer.toString(Math.round(delayMs / 10f)));
		control.setAttribute("transparentColorIndex", "0");
		if (loops != 1) {
			int repeats = (loops == 0) ? 0 : loops - 1;
			IIOMetadataNode extension = new IIOMetadataNode("ApplicationExtension");
			extension.setAttribute("applicationID", "NETSCAPE");
			extension.setAttribute("authenticationCode", "2.0");
			extension.setUserObject(new byte[] { 1, (byte) (repeats & 0xFF), (byte) ((repeats >> 8) & 0xFF) });
			child(root, "ApplicationExtensions").appendChild(extension);
		}
		metadata.setFromTree(FORMAT, root);
		return metadata;
	}

	/**
	 * One palette for all frames: exact when there are at most 256 colours, else median
	 * cut.
	 */
	static IndexColorModel palette(List<BufferedImage> frames) {
		Map<Integer, Integer> counts = new HashMap<>();
		for (BufferedImage frame : frames) {
			for (int y = 0; y < frame.getHeight(); y++) {
				for (int x = 0; x < frame.getWidth(); x++) {
					counts.merge(rgb(frame, x, y), 1, Integer::sum);
				}
			}
		}
		List<int[]> boxes = new ArrayList<>();
		int[] all = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
		boxes.add(all);
		while (boxes.size() < 256) {
			int widest = -1;
			int widestRange = 0;
			int widestShift = 0;
			for (int b = 0; b < boxes.size(); b++) {
				for (int shift = 0; shift <= 16; shift += 8) {
					int range = range(boxes.get(b), shift);
					if (range > widestRange) {
						widest = b;
						widestRange = range;
						widestShift = shift;
					}
				}
			}
			if (widest < 0) {
				break;
			}
			int shift = widestShift;
			int[] box = Arrays.stream(boxes.remove(widest))
				.boxed()
				.sorted(Comparator.comparingInt((Integer c) -> (c >> shift) & 0xFF).thenComparingInt((c) -> c))
				.mapToInt(Integer::intValue)
				.toArray();
			int half = box.length / 2;
			boxes.add(Arrays.copyOfRange(box, 0, half));
			boxes.add(Arrays.copyOfRange(box, half, box.length));
		}
		// A GIF colour table has a power-of-two size from 2 to 256; unused entries stay
		// black.
		int size = Math.max(2, Integer.highestOneBit(boxes.size() - 1) << 1);
		byte[] r = new byte[size];
		byte[] g = new byte[size];
		byte[] b = new byte[size];
		for (int i = 0; i < boxes.size(); i++) {
			long sumR = 0;
			long sumG = 0;
			long sumB = 0;
			long n = 0;
			for (int colour : boxes.get(i)) {
				int count = counts.get(colour);
				sumR += (long) ((colour >> 16) & 0xFF) * count;
				sumG += (long) ((colour >> 8) & 0xFF) * count;
				sumB += (long) (colour & 0xFF) * count;
				n += count;
			}
			r[i] = (byte) Math.round((double) sumR / n);
			g[i] = (byte) Math.round((double) sumG / n);
			b[i] = (byte) Math.round((double) sumB / n);
		}
		return new IndexColorModel(Integer.numberOfTrailingZeros(size), size, r, g, b);
	}

	/**
	 * A pixel as 0xRRGGBB; gray levels as they are (BufferedImage's getRGB would convert
	 * them from linear gray to sRGB, changing the levels).
	 */
	private static int rgb(BufferedImage frame, int x, int y) {
		if (frame.getType() == BufferedImage.TYPE_BYTE_GRAY) {
			return frame.getRaster().getSample(x, y, 0) * 0x010101;
		}
		return frame.getRGB(x, y) & 0xFFFFFF;
	}

	private static int range(int[] colours, int shift) {
		if (colours.length < 2) {
			return 0;
		}
		int min = 255;
		int max = 0;
		for (int colour : colours) {
			int level = (colour >> shift) & 0xFF;
			min = Math.min(min, level);
			max = Math.max(max, level);
		}
		return max - min;
	}

	private static BufferedImage indexed(BufferedImage frame, IndexColorModel palette) {
		BufferedImage image = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_BYTE_INDEXED,
				palette);
		Map<Integer, Integer> nearest = new HashMap<>();
		for (int y = 0; y < frame.getHeight(); y++) {
			for (int x = 0; x < frame.getWidth(); x++) {
				int colour = rgb(frame, x, y);
				int index = nearest.computeIfAbsent(colour, (c) -> nearestIndex(palette, c));
				image.getRaster().setSample(x, y, 0, index);
			}
		}
		return image;
	}

	private static int nearestIndex(IndexColorModel palette, int colour) {
		int best = 0;
		long bestDistance = Long.MAX_VALUE;
		for (int i = 0; i < palette.getMapSize(); i++) {
			long dr = palette.getRed(i) - ((colour >> 16) & 0xFF);
			long dg = palette.getGreen(i) - ((colour >> 8) & 0xFF);
			long db = palette.getBlue(i) - (colour & 0xFF);
			long distance = dr * dr + dg * dg + db * db;
			if (distance < bestDistance) {
				best = i;
				bestDistance = distance;
			}
		}
		return best;
	}

	private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
		for (int i = 0; i < parent.getLength(); i++) {
			if (parent.item(i).getNodeName().equalsIgnoreCase(name)) {
				return (IIOMetadataNode) parent.item(i);
			}
		}
		IIOMetadataNode node = new IIOMetadataNode(name);
		parent.appendChild(node);
		return node;
	}

}
