package dev.ganforge.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D transposed convolution, the up-sampling layer of the DCGAN generator (Radford et
 * al., 2015). It computes exactly what PyTorch's
 * {@code ConvTranspose2d(cin, cout, kernel, stride, padding, bias=False)} computes. DJL's
 * own {@code Conv2dTranspose} is not implemented on the PyTorch engine, so this block
 * builds the operation from ordinary convolutions.
 *
 * <p>
 * The weight has PyTorch's layout, {@code (Cin, Cout, kernel, kernel)}, so checkpoints
 * and reference values carry over unchanged; {@code Cin} is taken from the input shape
 * when the block is initialised. There is no bias: DCGAN follows every transposed
 * convolution but the last with batch normalisation, which makes a bias redundant. An
 * input of {@code (N, Cin, H, W)} gives
 * {@code (N, Cout, (H - 1) * stride - 2 * padding + kernel, ...)}.
 *
 * <p>
 * Two algorithms compute it:
 * <ul>
 * <li>kernel 4, stride 2, padding 1 (the DCGAN doubling layer) uses a sub-pixel
 * decomposition: each of the four output phases (even/odd row, even/odd column) is a 2x2
 * convolution over the input, so one convolution with {@code 4 * Cout} filters computes
 * all of them and the phases are interleaved afterwards. No multiplications by inserted
 * zeros are done.</li>
 * <li>any other kernel, stride and padding insert {@code stride - 1} zeros between input
 * pixels, pad by {@code kernel - 1 - padding} and convolve with the spatially flipped
 * kernel.</li>
 * </ul>
 *
 * <p>
 * In training mode gradients flow to the input and to the weight. In evaluation mode the
 * rearranged kernel is computed once and reused, and treated as a constant: gradients
 * still flow to the input (for latent-space search) but not to the weight. The cache is
 * keyed by the weight array, so loaded or replaced parameters are seen, and every
 * training pass drops it, so the usual cycle of training pass, optimiser step and
 * evaluation pass always sees current weights. Only an in-place edit made after an
 * evaluation pass with no training pass in between (an optimiser step or a manual
 * {@code set}) needs {@link #clearKernelCache()}. Evaluation passes may run concurrently
 * on several threads; they must not overlap a training pass or a weight update of the
 * same block.
 *
 * <p>
 * Every intermediate array is closed before {@code forward} returns, and the output
 * belongs to the input's manager. Without this, operations on the weight would attach
 * their results to the model's manager, which lives as long as the model.
 */
public class TransposedConv2d extends AbstractBlock {

	private static final byte VERSION = 1;

	private static final Shape UNIT = new Shape(1, 1);

	private final int filters;

	private final int kernel;

	private final int stride;

	private final int padding;

	private final Algorithm algorithm;

	private final Parameter weight;

	private final Object cacheLock = new Object();

	private volatile CachedKernel cachedKernel;

	/**
	 * Creates a transposed convolution like PyTorch's
	 * {@code ConvTranspose2d(cin, filters, kernel, stride, padding, bias=False)}, with
	 * {@code cin} taken from the input.
	 * @param filters the number of output channels ({@code Cout})
	 * @param kernel the height and width of the square kernel
	 * @param stride the up-sampling stride
	 * @param padding the implicit padding PyTorch removes from each side of the output
	 */
	public TransposedConv2d(int filters, int kernel, int stride, int padding) {
		this(filters, kernel, stride, padding, Algorithm.fastestFor(kernel, stride, padding));
	}

	TransposedConv2d(int filters, int kernel, int stride, int padding, Algorithm algorithm) {
		super(VERSION);
		if (filters < 1 || kernel < 1 || stride < 1 || padding < 0) {
			throw new IllegalArgumentException("Need filters, kernel, stride >= 1 and padding >= 0 but got filters="
					+ filters + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
		}
		if (algorithm == Algorithm.SUB_PIXEL && Algorithm.fastestFor(kernel, stride, padding) != Algorithm.SUB_PIXEL) {
			throw new IllegalArgumentException("Sub-pixel path needs kernel 4, stride 2, padding 1");
		}
		this.filters = filters;
		this.kernel = kernel;
		this.stride = stride;
		this.padding = padding;
		this.algorithm = algorithm;
		this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
	}

	/**
	 * Returns the number of output channels.
	 * @return the number of output channels
	 */
	public int getFilters() {
		return this.filters;
	}

	/**
	 * Returns the kernel size.
	 * @return the height and width of the square kernel
	 */
	public int getKernel() {
		return this.kernel;
	}

	/**
	 * Returns the stride.
	 * @return the up-sampling stride
	 */
	public int getStride() {
		return this.stride;
	}

	/**
	 * Returns the padding.
	 * @return the padding removed from each side of the output
	 */
	public int getPadding() {
		return this.padding;
	}

	/**
	 * Drops the kernel cached for evaluation, so the next evaluation pass reads the
	 * weight again. Needed only after an in-place edit of the weight that follows an
	 * evaluation pass with no training pass in between.
	 */
	public void clearKernelCache() {
		synchronized (this.cacheLock) {
			CachedKernel old = this.cachedKernel;
			this.cachedKernel = null;
			if (old != null) {
				old.kernel().close();
			}
		}
	}

	@Override
	protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
			PairList<String, Object> params) {
		NDArray input = inputs.singletonOrThrow();
		// Outside the scope below: the store may create a per-device copy it keeps.
		NDArray weightArray = parameterStore.getValue(this.weight, input.getDevice(), training);
		if (training) {
			clearKernelCache();
		}
		NDArray output;
		try (NDScope scope = new NDScope()) {
			NDArray convKernel = training ? rearrange(weightArray) : evalKernel(weightArray);
			output = (this.algorithm == Algorithm.SUB_PIXEL) ? subPixel(input, convKernel)
					: zeroInsertion(input, convKernel);
			NDScope.unregister(output);
		}
		if (output.getManager() != input.getManager()) {
			output.attach(input.getManager());
		}
		// Hand the output to the caller's scope, if there is one, as a plain op would.
		NDScope.register(output);
		return new NDList(output);
	}

	private NDArray evalKernel(NDArray weightArray) {
		CachedKernel cached = this.cachedKernel;
		if (cached != null && cached.source() == weightArray) {
			return cached.kernel();
		}
		synchronized (this.cacheLock) {
			cached = this.cachedKernel;
			if (cached != null && cached.source() == weightArray) {
				return cached.kernel();
			}
			NDArray convKernel;
			try (NDScope scope = new NDScope()) {
				convKernel = rearrange(weightArray.stopGradient());
				NDScope.unregister(convKernel);
			}
			this.cachedKernel = new CachedKernel(weightArray, convKernel);
			if (cached != null) {
				cached.kernel().close();
			}
			return convKernel;
		}
	}

	/**
	 * Rearranges the (Cin, Cout, k, k) transposed-convolution weight into the weight of
	 * the ordinary convolution that the chosen algorithm runs.
	 */
	private NDArray rearrange(NDArray weightArray) {
		long cin = weightArray.getShape().get(0);
		NDArray flipped = weightArray.flip(2, 3);
		if (this.algorithm == Algorithm.SUB_PIXEL) {
			// Output row 2m + a sees flipped kernel rows a and a + 2 (rows a::2), and
			// likewise for columns. Split each spatial axis of the flipped kernel into
			// (tap u, phase a) and order the filters phase-major: (a, b, Cout) x Cin x
			// (u, v).
			return flipped.reshape(cin, this.filters, 2, 2, 2, 2)
				.transpose(3, 5, 1, 0, 2, 4)
				.reshape(4L * this.filters, cin, 2, 2);
		}
		// Flattening copies the transposed view into a dense kernel, which oneDNN
		// convolves faster than a strided one.
		return flipped.transpose(1, 0, 2, 3).reshape(-1).reshape(this.filters, cin, this.kernel, this.kernel);
	}

	/**
	 * Kernel 4, stride 2, padding 1. Output row o = 2m + a is x[m - 1] W[3] + x[m] W[1]
	 * for a = 0 and x[m] W[2] + x[m + 1] W[0] for a = 1: a 2x2 correlation with flipped
	 * rows a::2 over the input padded by one, read from position m + a. One convolution
	 * computes all four phases at H + 1 positions; phase (a, b) keeps positions a..a + H
	 * - 1 and b..b + W - 1.
	 */
	private NDArray subPixel(NDArray input, NDArray convKernel) {
		Shape shape = input.getShape();
		long n = shape.get(0);
		long h = shape.get(2);
		long w = shape.get(3);
		long cout = this.filters;
		// state size. (4 * Cout) x (H + 1) x (W + 1)
		NDArray phases = Conv2d.conv2d(input, convKernel, null, UNIT, UNIT, UNIT).singletonOrThrow();
		NDList rows = new NDList(2);
		for (int a = 0; a < 2; a++) {
			NDList columns = new NDList(2);
			for (int b = 0; b < 2; b++) {
				long c0 = (2L * a + b) * cout;
				columns.add(phases.get(new NDIndex(":, {}:{}, {}:{}, {}:{}", c0, c0 + cout, a, a + h, b, b + w)));
			}
			// state size. Cout x H x W x 2 (b)
			rows.add(NDArrays.stack(columns, 4));
		}
		// state size. Cout x H x 2 (a) x W x 2 (b) -> Cout x 2H x 2W
		return NDArrays.stack(rows, 3).reshape(n, cout, 2 * h, 2 * w);
	}

	/**
	 * Any kernel, stride and padding: a transposed convolution is the convolution, with
	 * the flipped kernel, of the input with stride - 1 zeros between pixels and kernel -
	 * 1 - padding zeros around it (negative: cropped instead).
	 */
	private NDArray zeroInsertion(NDArray input, NDArray convKernel) {
		NDArray dilated = (this.stride > 1) ? insertZeros(input) : input;
		long border = this.kernel - 1L - this.padding;
		if (border < 0) {
			long h = dilated.getShape().get(2);
			long w = dilated.getShape().get(3);
			dilated = dilated.get(new NDIndex(":, :, {}:{}, {}:{}", -border, h + border, -border, w + border));
			border = 0;
		}
		return Conv2d.conv2d(dilated, convKernel, null, UNIT, new Shape(border, border), UNIT).singletonOrThrow();
	}

	private NDArray insertZeros(NDArray input) {
		Shape shape = input.getShape();
		long n = shape.get(0);
		long c = shape.get(1);
		long h = shape.get(2);
		long w = shape.get(3);
		long s = this.stride;
		NDManager manager = input.getManager();
		// Concatenation rather than a scatter into zeros, so autograd sees an
		// ordinary op.
		NDArray columnZeros = manager.zeros(new Shape(n, c, h, w, s - 1), input.getDataType());
		NDArray widened = input.expandDims(4).concat(columnZeros, 4).reshape(n, c, h, w * s);
		NDArray rowZeros = manager.zeros(new Shape(n, c, h, s - 1, w * s), input.getDataType());
		NDArray spread = widened.expandDims(3).concat(rowZeros, 3).reshape(n, c, h * s, w * s);
		return spread.get(new NDIndex(":, :, :{}, :{}", (h - 1) * s + 1, (w - 1) * s + 1));
	}

	@Override
	protected void beforeInitialize(Shape... inputShapes) {
		super.beforeInitialize(inputShapes);
		if (inputShapes.length != 1 || inputShapes[0].dimension() != 4) {
			throw new IllegalArgumentException("Expected one (N, C, H, W) input but got " + inputShapes.length
					+ " shape(s), the first " + inputShapes[0]);
		}
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		long inChannels = inputShapes[0].get(1);
		this.weight.setShape(new Shape(inChannels, this.filters, this.kernel, this.kernel));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape input = inputShapes[0];
		return new Shape[] {
				new Shape(input.get(0), this.filters, outputSize(input.get(2)), outputSize(input.get(3))) };
	}

	private long outputSize(long inputSize) {
		return (inputSize - 1) * this.stride - 2L * this.padding + this.kernel;
	}

	@Override
	public String toString() {
		return "TransposedConv2d(filters=" + this.filters + ", kernel=" + this.kernel + ", stride=" + this.stride
				+ ", padding=" + this.padding + ", " + this.algorithm + ")";
	}

	/** How the transposed convolution is computed. */
	enum Algorithm {

		/**
		 * One 2x2 convolution for the four output phases; kernel 4, stride 2, padding 1
		 * only.
		 */
		SUB_PIXEL,

		/**
		 * Zero insertion, padding and a convolution with the flipped kernel; any
		 * geometry.
		 */
		ZERO_INSERTION;

		static Algorithm fastestFor(int kernel, int stride, int padding) {
			return (kernel == 4 && stride == 2 && padding == 1) ? SUB_PIXEL : ZERO_INSERTION;
		}

	}

	/** The evaluation kernel and the weight array it was computed from. */
	private record CachedKernel(NDArray source, NDArray kernel) {
	}

}
