package dev.ganforge.generation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A request for images from seeds. Absent values take their defaults in the constructor,
 * so the constraints check what will be used.
 *
 * @param model the model's name; the default model when absent
 * @param seed seed of the first image, image i using {@code seed + i}; random when absent
 * @param count number of images
 * @param truncation psi in (0, 1]
 * @param columns images per row of the grid
 * @param padding pixels between grid cells
 * @param scale integer upscaling
 * @param format {@code png} or {@code json}; by Accept when absent
 * @param classLabel for a conditional model, the class of every image (name or index)
 * @param classes for a conditional model, the class of each image, one per image
 */
@Schema(description = "Images from consecutive seeds: image i uses seed + i")
record GenerateRequest(
		@Schema(description = "Model name; the default model when absent", example = "fashion-dcgan-64") String model,
		@Schema(description = "Seed of the first image; random in [0, 2^32) when absent (returned in X-Seed)",
				example = "42") Long seed,
		@Schema(description = "Number of images, at most ganforge.generation.max-images-per-request (64)",
				defaultValue = "1", example = "16") @Min(1) Integer count,
		@Schema(description = "Truncation psi in (0, 1]: the latent is scaled by psi towards the prior's mean",
				defaultValue = "1",
				example = "0.8") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double truncation,
		@Schema(description = "Images per row of the grid; ceil(sqrt(count)) when absent",
				example = "4") @Min(1) @Max(1024) Integer columns,
		@Schema(description = "Pixels between and around grid cells",
				defaultValue = "2") @Min(0) @Max(16) Integer padding,
		@Schema(description = "Integer nearest-neighbour upscaling", defaultValue = "1",
				example = "4") @Min(1) @Max(8) Integer scale,
		@Schema(description = "Response format, overriding Accept", allowableValues = {
				"png", "json" },
				example = "png") @Pattern(regexp = "png|json", message = "must be 'png' or 'json'") String format,
		@JsonProperty("class") @Schema(description = "For a conditional model: the class of every image, by name "
				+ "or index (GET /models/{name} lists them); without it and classes, each seed's own class, drawn "
				+ "uniformly", example = "Sneaker") @Size(max = 64) String classLabel,
		@Schema(description = "For a conditional model: the class of each image, one per image (instead of " + "class)",
				example = "[\"Sneaker\", \"Bag\"]") @Size(max = 1024) List<@NotNull @Size(max = 64) String> classes){

	GenerateRequest {
		count = (count != null) ? count : 1;
		truncation = (truncation != null) ? truncation : 1.0;
		columns = (columns != null) ? columns : defaultColumns(count);
		padding = (padding != null) ? padding : 2;
		scale = (scale != null) ? scale : 1;
	}

	/** A square-ish grid: ceil(sqrt(count)) columns. */
	static int defaultColumns(int count) {
		return Math.max(1, (int) Math.ceil(Math.sqrt(Math.max(1, count))));
	}

}
