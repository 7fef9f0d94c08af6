package dev.ganforge.generation;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A walk through latent space: from one latent to another, or through keyframe seeds.
 * Absent values take their defaults in the constructor.
 *
 * @param model the model's name; the default model when absent
 * @param from the first latent (with {@code to})
 * @param to the last latent
 * @param keyframes seeds to pass through, instead of from and to
 * @param steps frames per segment, both ends included
 * @param method {@code slerp} or {@code lerp}
 * @param truncation psi for seeded latents
 * @param columns frames per row of the PNG; all in one row when absent
 * @param padding pixels between PNG cells
 * @param scale integer upscaling
 * @param format {@code png} or {@code gif}; by Accept when absent
 * @param frameDelayMs GIF frame delay
 * @param loop GIF plays: 0 forever, n times
 * @param pingPong GIF plays forwards then backwards
 */
@Schema(description = "Frames along a path in latent space. Give from and to, or keyframes. The total frame count, "
		+ "(segments) * (steps - 1) + 1, is at most ganforge.generation.max-interpolation-steps (64).")
record InterpolateRequest(@Schema(description = "Model name; the default model when absent") String model,
		@Valid LatentRef from, @Valid LatentRef to,
		@Schema(description = "Seeds to pass through in order, instead of from and to; an empty list counts as "
				+ "none", example = "[1, 2, 3]") List<@NotNull Long> keyframes,
		@Schema(description = "Frames per segment, both ends included", defaultValue = "8") @Min(2) Integer steps,
		@Schema(description = "Path between latents", allowableValues = {
				"slerp", "lerp" }, defaultValue = "slerp") @Pattern(regexp = "slerp|lerp",
						message = "must be 'slerp' or 'lerp'") String method,
		@Schema(description = "Truncation psi in (0, 1] for seeded latents; explicit vectors are used as given",
				defaultValue = "1") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double truncation,
		@Schema(description = "Frames per row of the PNG; all frames in one row when absent") @Min(1) @Max(1024) Integer columns,
		@Schema(description = "Pixels between and around PNG cells",
				defaultValue = "2") @Min(0) @Max(16) Integer padding,
		@Schema(description = "Integer nearest-neighbour upscaling", defaultValue = "1") @Min(1) @Max(8) Integer scale,
		@Schema(description = "Response format, overriding Accept", allowableValues = { "png", "gif" }) @Pattern(
				regexp = "png|gif", message = "must be 'png' or 'gif'") String format,
		@Schema(description = "GIF: time per frame in ms (GIF stores hundredths of a second)",
				defaultValue = "100") @Min(20) @Max(10_000) Integer frameDelayMs,
		@Schema(description = "GIF: times the animation plays, 0 for forever",
				defaultValue = "0") @Min(0) @Max(65_536) Integer loop,
		@Schema(description = "GIF: play forwards, then backwards to the start",
				defaultValue = "false") Boolean pingPong){

	InterpolateRequest {
		// Generated clients send an empty list for an optional array they were not given.
		keyframes = (keyframes != null && keyframes.isEmpty()) ? null : keyframes;
		steps = (steps != null) ? steps : 8;
		method = (method != null) ? method : "slerp";
		truncation = (truncation != null) ? truncation : 1.0;
		padding = (padding != null) ? padding : 2;
		scale = (scale != null) ? scale : 1;
		frameDelayMs = (frameDelayMs != null) ? frameDelayMs : 100;
		loop = (loop != null) ? loop : 0;
		pingPong = (pingPong != null) ? pingPong : false;
	}

	LatentSpace.Interpolation interpolation() {
		return "lerp".equals(this.method) ? LatentSpace.Interpolation.LERP : LatentSpace.Interpolation.SLERP;
	}

}
