package dev.ganforge.generation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Latent vector arithmetic: the image of a weighted sum of latents.
 *
 * @param model the model's name; the default model when absent
 * @param terms the latents and their weights
 * @param truncation psi for seeded latents
 * @param showTerms also return each term's image, left of the result
 * @param padding pixels between cells when showTerms
 * @param scale integer upscaling
 */
@Schema(description = "The image of sum(weight_i * z_i), e.g. smiling woman - neutral woman + neutral man "
		+ "(DCGAN paper, section 6.3)")
record ArithmeticRequest(@Schema(description = "Model name; the default model when absent") String model,
		@Schema(description = "Terms of the sum") @NotEmpty @Size(max = 16,
				message = "must have 1 to 16 terms") List<@NotNull @Valid Term> terms,
		@Schema(description = "Truncation psi in (0, 1] for seeded latents, applied before summing",
				defaultValue = "1") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double truncation,
		@Schema(description = "Return a row of each term's image followed by the result",
				defaultValue = "false") Boolean showTerms,
		@Schema(description = "Pixels between and around cells when showTerms",
				defaultValue = "2") @Min(0) @Max(16) Integer padding,
		@Schema(description = "Integer nearest-neighbour upscaling",
				defaultValue = "1") @Min(1) @Max(8) Integer scale) {

	ArithmeticRequest {
		truncation = (truncation != null) ? truncation : 1.0;
		showTerms = (showTerms != null) ? showTerms : false;
		padding = (padding != null) ? padding : 2;
		scale = (scale != null) ? scale : 1;
	}

	/**
	 * One term: a latent (seed or vector) times a weight.
	 *
	 * @param seed the seed, or null
	 * @param vector the explicit latent, or null
	 * @param weight the weight
	 * @param classLabel for a conditional model, the term's class; the seed's own when
	 * absent
	 */
	record Term(@Schema(description = "Seed of the latent", example = "1") Long seed, @Schema(
			description = "Explicit latent of exactly nz finite values; an empty list counts as none") float[] vector,
			@Schema(description = "Weight, from -1000 to 1000", defaultValue = "1",
					example = "-1") @DecimalMin("-1000") @DecimalMax("1000") Double weight,
			@JsonProperty("class") @Schema(description = "For a conditional model: the term's class, by name or "
					+ "index; the seed's own class when absent") @Size(max = 64) String classLabel) {

		Term {
			weight = (weight != null) ? weight : 1.0;
		}

		LatentRef latent() {
			return new LatentRef(this.seed, this.vector, this.classLabel);
		}

	}

}
