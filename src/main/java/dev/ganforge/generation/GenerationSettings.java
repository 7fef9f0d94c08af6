package dev.ganforge.generation;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and batching of the generation endpoints, {@code ganforge.generation.*},
 * validated at start-up.
 *
 * @param maxImagesPerRequest most images one {@code /generate} request may ask for
 * (default 64: an 8x8 grid, the size of the training sample grids)
 * @param maxInterpolationSteps most frames one {@code /interpolate} request may ask for
 * (default 64)
 * @param maxBatchSize most images in one forward pass (default 32: large enough to
 * amortise the per-call overhead on CPU, small enough that one pass stays short and a new
 * request does not wait long behind it)
 * @param maxBatchDelay longest a request waits, after the first request of a batch
 * arrived, for others to join it (default 0: take what queued up while the previous pass
 * ran. Measured on the shipped 64x64 model, 5 ms cost a lone request 5 ms of p50 and
 * bought no throughput at concurrency 8 or 32; see docs/BENCHMARKS.md)
 * @param maxQueuedImages most images waiting per model; beyond it requests are refused
 * with 503 and {@code Retry-After} rather than queued without bound (default 512, 16 full
 * batches)
 * @param batchingEnabled whether concurrent requests share forward passes (default true);
 * false runs each request's pass on its own thread
 * @param passesPerModel most forward passes of one model running at once (default 2).
 * While one pass runs, the next batch forms and starts on a second worker, so the gaps a
 * single worker leaves (handing results back, taking the next batch) are filled. Measured
 * on the shipped 64x64 model on 2 cores with PyTorch's default 2 intra-op threads per
 * pass, 2 raised served throughput at concurrency 32 by 5-37% over 1 in four runs and
 * left concurrency 1 within run-to-run noise; 3 was slower than 2. See docs/BENCHMARKS.md
 */
@ConfigurationProperties("ganforge.generation")
@Validated
record GenerationSettings(@DefaultValue("64") @Min(1) @Max(1024) int maxImagesPerRequest,
		@DefaultValue("64") @Min(2) @Max(1024) int maxInterpolationSteps,
		@DefaultValue("32") @Min(1) @Max(1024) int maxBatchSize, @DefaultValue("0ms") Duration maxBatchDelay,
		@DefaultValue("512") @Min(1) @Max(1_000_000) int maxQueuedImages, @DefaultValue("true") boolean batchingEnabled,
		@DefaultValue("2") @Min(1) @Max(64) int passesPerModel) {

	/**
	 * Checks the values that depend on each other.
	 * @throws IllegalArgumentException naming the setting to change
	 */
	GenerationSettings {
		if (maxBatchDelay == null || maxBatchDelay.isNegative() || maxBatchDelay.compareTo(Duration.ofSeconds(1)) > 0) {
			throw new IllegalArgumentException(
					"ganforge.generation.max-batch-delay must be from 0 to 1s, was " + maxBatchDelay);
		}
		if (maxQueuedImages < Math.max(maxImagesPerRequest, maxInterpolationSteps)) {
			throw new IllegalArgumentException("ganforge.generation.max-queued-images (" + maxQueuedImages
					+ ") must be at least max-images-per-request and max-interpolation-steps, or a single request"
					+ " could never be queued");
		}
	}

}
