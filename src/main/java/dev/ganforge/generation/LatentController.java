package dev.ganforge.generation;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import dev.ganforge.generation.Samples.Layout;
import dev.ganforge.image.Gif;
import dev.ganforge.image.Images;
import dev.ganforge.models.LoadedModel;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Walks and arithmetic in latent space: {@code /interpolate} (PNG strip or animated GIF)
 * and {@code /latents/arithmetic}.
 */
@RestController
@Tag(name = "Latent space", description = "Interpolate between latents and combine them")
class LatentController {

	static final MediaType IMAGE_GIF = MediaType.IMAGE_GIF;

	private static final MediaType[] OFFERED = { MediaType.IMAGE_PNG, IMAGE_GIF };

	private final Sampler sampler;

	private final GenerationSettings settings;

	private final RenderBudget budget;

	LatentController(Sampler sampler, GenerationSettings settings, RenderBudget budget) {
		this.sampler = sampler;
		this.settings = settings;
		this.budget = budget;
	}

	@PostMapping(path = "/interpolate", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_GIF_VALUE })
	@Operation(operationId = "interpolate", summary = "Interpolate between latents",
			description = "Frames at t = k / (steps - 1) along a slerp (default) or lerp path between two latents "
					+ "(seeds or vectors) or through keyframe seeds. The first and last frames are exactly the "
					+ "endpoints' /generate images. A PNG strip (or grid with columns), or an animated GIF with "
					+ "format=gif or Accept: image/gif.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					examples = { @ExampleObject(name = "two seeds, PNG strip",
							value = "{\"from\": {\"seed\": 1}, \"to\": {\"seed\": 2}, \"steps\": 8, \"scale\": 2}"),
							@ExampleObject(name = "keyframes, GIF",
									value = "{\"keyframes\": [1, 2, 3, 1], \"steps\": 12, \"format\": \"gif\", "
											+ "\"frameDelayMs\": 80, \"scale\": 4}") }))
	@ApiResponse(responseCode = "200", description = "The frames", content = {
			@Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")),
			@Content(mediaType = MediaType.IMAGE_GIF_VALUE, schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "400", description = "Invalid values or latents",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "404", description = "No such model",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	ResponseEntity<byte[]> interpolate(@Valid @RequestBody InterpolateRequest request,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		boolean keyframes = request.keyframes() != null;
		if (keyframes == (request.from() != null || request.to() != null)
				|| (!keyframes && (request.from() == null || request.to() == null))) {
			throw new InvalidGenerationRequestException("keyframes", "give either 'from' and 'to', or 'keyframes'");
		}
		int segments = keyframes ? request.keyframes().size() - 1 : 1;
		if (segments < 1) {
			throw new InvalidGenerationRequestException("keyframes", "needs at least two seeds");
		}
		long frames = (long) segments * (request.steps() - 1) + 1;
		int max = this.settings.maxInterpolationSteps();
		if (frames > max) {
			throw new InvalidGenerationRequestException("steps",
					segments + " segments of " + request.steps() + " steps make " + frames + " frames; at most " + max
							+ " are allowed (ganforge.generation.max-interpolation-steps)");
		}
		Samples samples = this.sampler.sample(request.model(), (model) -> {
			Samples.checkOutputSize("steps", (int) frames, model.spec().imageSize(), request.scale());
			List<float[]> path = new ArrayList<>();
			if (keyframes) {
				for (int i = 0; i < request.keyframes().size(); i++) {
					long keyframe = request.keyframes().get(i);
					path.add(ModelClasses.input(model,
							LatentSpace.seeded(keyframe, model.spec().nz(), request.truncation()),
							ModelClasses.ofSeed(model, keyframe)));
				}
			}
			else {
				path.add(request.from().resolve(model, request.truncation(), "from"));
				path.add(request.to().resolve(model, request.truncation(), "to"));
			}
			return LatentSpace.path(path, request.steps(), request.interpolation());
		});
		HttpHeaders headers = GenerationController.headers(samples, null);
		if (Negotiation.choose(request.format(), accept, OFFERED).equals(IMAGE_GIF)) {
			// The way back repeats the same rasters: memory is that of the distinct
			// frames.
			byte[] gif = this.budget.render(samples.pixels(request.scale()), () -> {
				List<BufferedImage> images = samples.images(request.scale());
				if (request.pingPong()) {
					for (int i = images.size() - 2; i > 0; i--) {
						images.add(images.get(i));
					}
				}
				return Gif.encode(images, request.frameDelayMs(), request.loop());
			});
			return ResponseEntity.ok().headers(headers).contentType(IMAGE_GIF).body(gif);
		}
		int columns = (request.columns() != null) ? request.columns() : samples.count();
		return ResponseEntity.ok()
			.headers(headers)
			.contentType(MediaType.IMAGE_PNG)
			.body(this.budget.render(samples.pixels(request.scale()),
					() -> samples.png(new Layout(columns, request.padding(), request.scale()))));
	}

	@PostMapping(path = "/latents/arithmetic", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "arithmetic", summary = "Latent vector arithmetic",
			description = "The image of the weighted sum of the terms' latents, as in the DCGAN paper's "
					+ "'smiling woman - neutral woman + neutral man' (section 6.3; average a few seeds per concept "
					+ "with weights 1/3). With showTerms, a row of each term's image followed by the result.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					examples = @ExampleObject(name = "a - b + c",
							value = "{\"terms\": [{\"seed\": 1, \"weight\": 1}, {\"seed\": 2, \"weight\": -1}, "
									+ "{\"seed\": 3, \"weight\": 1}], \"showTerms\": true, \"scale\": 4}")))
	@ApiResponse(responseCode = "200", description = "The result, or the terms and the result in a row",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
					schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "400", description = "Invalid values or latents",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "404", description = "No such model",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	ResponseEntity<byte[]> arithmetic(@Valid @RequestBody ArithmeticRequest request) {
		int images = request.showTerms() ? request.terms().size() + 1 : 1;
		Samples samples = this.sampler.sample(request.model(), (model) -> {
			Samples.checkOutputSize("terms", images, model.spec().imageSize(), request.scale());
			return terms(request, model);
		});
		byte[] png = this.budget.render(samples.pixels(request.scale()),
				() -> request.showTerms() ? samples.png(new Layout(images, request.padding(), request.scale()))
						: Images.png(samples.image(0, request.scale())));
		return ResponseEntity.ok()
			.headers(GenerationController.headers(samples, null))
			.contentType(MediaType.IMAGE_PNG)
			.body(png);
	}

	/** The latents to draw: the terms' (when shown) and then the sum. */
	private static List<float[]> terms(ArithmeticRequest request, LoadedModel model) {
		List<float[]> latents = new ArrayList<>();
		double[] weights = new double[request.terms().size()];
		for (int i = 0; i < weights.length; i++) {
			ArithmeticRequest.Term term = request.terms().get(i);
			latents.add(term.latent().resolve(model, request.truncation(), "terms[" + i + "]"));
			weights[i] = term.weight();
		}
		float[] sum = LatentSpace.combine(latents, weights);
		for (float value : sum) {
			if (!Float.isFinite(value)) {
				throw new InvalidLatentException(
						"The weighted sum overflows 32-bit floats; use smaller weights or " + "values");
			}
		}
		List<float[]> result = request.showTerms() ? latents : new ArrayList<>();
		result.add(sum);
		return result;
	}

}
