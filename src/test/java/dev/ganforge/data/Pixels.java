package dev.ganforge.data;

/**
 * Range of pixel values, for assertions.
 */
final class Pixels {

	private Pixels() {
	}

	static float min(float[] values) {
		float min = Float.POSITIVE_INFINITY;
		for (float v : values) {
			min = Math.min(min, v);
		}
		return min;
	}

	static float max(float[] values) {
		float max = Float.NEGATIVE_INFINITY;
		for (float v : values) {
			max = Math.max(max, v);
		}
		return max;
	}

}
