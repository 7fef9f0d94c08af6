package dev.ganforge.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd switch of the PyTorch engine.
 *
 * <p>
 * PyTorch's grad mode is per thread and starts enabled on every new thread; DJL only
 * turns it off on the thread that loads the engine. Any other thread that runs a forward
 * pass outside a gradient collector would record an autograd graph, which holds every
 * intermediate tensor alive: a memory leak. Every inference or sampling thread calls
 * {@link #disableOnThisThread()} first.
 */
public final class GradMode {

	private GradMode() {
	}

	/** Turns autograd recording off for the calling thread. */
	public static void disableOnThisThread() {
		// JniUtils must not be touched before the engine is loaded
		// (UnsatisfiedLinkError).
		Engine.getEngine("PyTorch");
		JniUtils.setGradMode(false);
	}

	/**
	 * Whether the calling thread records autograd graphs.
	 * @return the thread's grad mode
	 */
	public static boolean isEnabledOnThisThread() {
		Engine.getEngine("PyTorch");
		return JniUtils.isGradMode();
	}

}
