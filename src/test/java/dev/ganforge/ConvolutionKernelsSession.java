package dev.ganforge;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import dev.ganforge.nn.ConvolutionKernels;

/**
 * The test JVM is a GANForge process too: it guards the engine's convolution kernels as
 * {@link GanForgeApplication#main} does, before any test runs a convolution.
 */
public class ConvolutionKernelsSession implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		ConvolutionKernels.guard();
	}

}
