package dev.ganforge.nn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConvolutionKernels}: this process's convolution gradients are right
 * (on a host without cache topology they were not, before the cap), and when the cap
 * applies.
 */
class ConvolutionKernelsTests {

	@Test
	void float32ConvolutionGradientsMatchFloat64Ones() {
		ConvolutionKernels.Check check = ConvolutionKernels.check();
		assertThat(check.relativeError()).as("kernels: %s", ConvolutionKernels.guard())
			.isLessThanOrEqualTo(ConvolutionKernels.TOLERANCE);
		assertThat(check.right()).isTrue();
	}

	@Test
	void capsOnlyALinuxHostWithoutCacheTopologyWhereNobodyChose() {
		assertThat(ConvolutionKernels.decide(null, null, "Linux", false)).startsWith("capped at AVX");
		assertThat(ConvolutionKernels.decide(null, null, "Linux", true)).isEqualTo("not capped");
		assertThat(ConvolutionKernels.decide(null, null, "Mac OS X", false)).isEqualTo("not capped");
		assertThat(ConvolutionKernels.decide("AVX512_CORE", null, "Linux", false))
			.isEqualTo("chosen by the operator: AVX512_CORE");
		assertThat(ConvolutionKernels.decide(null, "AVX2", "Linux", false)).isEqualTo("chosen by the operator: AVX2");
	}

	@Test
	void guardingTwiceDecidesOnce() {
		assertThat(ConvolutionKernels.guard()).isSameAs(ConvolutionKernels.guard());
	}

}
