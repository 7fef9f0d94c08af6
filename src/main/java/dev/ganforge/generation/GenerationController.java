package dev.ganforge.generation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import dev.ganforge.generation.Samples.Layout;
import dev.ganforge.image.Images;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.models.ModelRegistry;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * {@code /generate}: images from seeds, as PNG (one image, or a grid) or as JSON with one
 * base64 PNG per image. The GET form is deterministic and cacheable.
 */
@RestController
@Tag(name = "Generation", description = "Sample images from a trained generator")
class GenerationController {

	static final String MODEL_HEADER = "X-Model";

	static final String VERSION_HEADER = "X-Model-Version";

	static final String SEED_HEADER = "X-Seed";

	private static final MediaType[] OFFERED = { MediaType.IMAGE_PNG, MediaType.APPLICATION_JSON };

	private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

	private final Sampler sampler;

	private final ModelRegistry registry;

	private final GenerationSettings settings;

	private final RenderBudget budget;

	GenerationController(Sampler sampler, ModelRegistry registry, GenerationSettings settings, RenderBudget budget) {
		this.sampler = sampler;
		this.registry = registry;
		this.settings = settings;
		this.budget = budget;
	}

	@PostMapping(path = "/generate", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Operation(operationId = "generate", summary = "Generate images from a seed",
			description = "Image i is drawn from the latent of seed + i, so a seed always gives the same image, "
					+ "alone or in a batch. One image comes back as a PNG, several as a PNG grid; with format=json "
					+ "(or Accept: application/json) each image is a base64 PNG. X-Seed carries the seed used.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE,
			examples = { @ExampleObject(name = "one image", value = "{\"seed\": 42, \"scale\": 4}"),
					@ExampleObject(name = "4x4 grid", value = "{\"seed\": 0, \"count\": 16, \"scale\": 2}"),
					@ExampleObject(name = "JSON", value = "{\"seed\": 7, \"count\": 2, \"format\": \"json\"}") }))
	// JSON first: a generated client types its reply by the first content, and asks for
	// it
	// (GET /generate is the PNG for such a client).
	@ApiResponse(responseCode = "200", description = "The JSON, or the image or grid", content = {
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = GenerateResponse.class)),
			@Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "400", description = "A value is out of range",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "404", description = "No such model",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "503", description = "Too many images queued; see Retry-After",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	ResponseEntity<?> generate(@Valid @RequestBody GenerateRequest request,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		long seed = (request.seed() != null) ? request.seed() : ThreadLocalRandom.current().nextLong(1L << 32);
		String[] classNames = new String[request.count()];
		Samples samples = sample(request.model(), seed, request.count(), request.truncation(), request.scale(),
				request.classLabel(), request.classes(), classNames);
		HttpHeaders headers = headers(samples, seed);
		if (Negotiation.choose(request.format(), accept, OFFERED).equals(MediaType.APPLICATION_JSON)) {
			List<GenerateResponse.Image> images = this.budget.render(samples.pixels(request.scale()), () -> {
				List<GenerateResponse.Image> encoded = new ArrayList<>();
				for (int i = 0; i < samples.count(); i++) {
					encoded.add(new GenerateResponse.Image(seed + i, classNames[i],
							Images.png(samples.image(i, request.scale()))));
				}
				return encoded;
			});
			return ResponseEntity.ok()
				.headers(headers)
				.contentType(MediaType.APPLICATION_JSON)
				.body(new GenerateResponse(samples.model().name(), samples.version(), seed, images));
		}
		return ResponseEntity.ok()
			.headers(headers)
			.contentType(MediaType.IMAGE_PNG)
			.body(this.budget.render(samples.pixels(request.scale()),
					() -> samples.png(new Layout(request.columns(), request.padding(), request.scale()))));
	}

	@GetMapping(path = "/generate", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "generatePng", summary = "Generate a PNG from a seed (cacheable)",
			description = "Deterministic: the same model version and parameters always give the same PNG. The seed "
					+ "defaults to 0, not to a random one, so that the URL alone names the image. The strong ETag "
					+ "hashes the model's name, version and generator checksum with the parameters; "
					+ "If-None-Match gives 304 without running the generator.")
	@ApiResponse(responseCode = "200", description = "The image, or a grid when count > 1",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
					schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "304", description = "Not modified (If-None-Match matched the ETag)",
			content = @Content)
	@ApiResponse(responseCode = "400", description = "A value is out of range",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "404", description = "No such model",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	ResponseEntity<byte[]> generatePng(
			@Parameter(description = "Model name; the default model when absent",
					example = "fashion-dcgan-64") @RequestParam(required = false) String model,
			@Parameter(description = "Seed of the first image; image i uses seed + i",
					example = "42") @RequestParam(defaultValue = "0") long seed,
			@Parameter(description = "Number of images, at most ganforge.generation.max-images-per-request (64)",
					example = "1") @RequestParam(defaultValue = "1") @Min(1) int count,
			@Parameter(description = "Truncation psi in (0, 1]") @RequestParam(defaultValue = "1") @DecimalMin(
					value = "0", inclusive = false) @DecimalMax("1") double truncation,
			@Parameter(description = "Images per row; ceil(sqrt(count)) when absent") @RequestParam(
					required = false) @Min(1) @Max(1024) Integer columns,
			@Parameter(description = "Pixels between and around grid cells") @RequestParam(
					defaultValue = "2") @Min(0) @Max(16) int padding,
			@Parameter(description = "Integer nearest-neighbour upscaling",
					example = "4") @RequestParam(defaultValue = "1") @Min(1) @Max(8) int scale,
			@Parameter(description = "For a conditional model: the class of every image, by name or index; each "
					+ "seed's own class when absent", example = "Sneaker") @RequestParam(name = "class",
							required = false) @Size(max = 64) String classLabel,
			WebRequest webRequest) {
		Layout layout = new Layout((columns != null) ? columns : GenerateRequest.defaultColumns(count), padding, scale);
		String params = seed + "|" + count + "|" + truncation + "|" + layout + "|" + classLabel;
		LoadedModel served = this.registry.require(model);
		String etag = etag(served, params);
		// If-None-Match: * matches any current representation (RFC 9110 13.1.2).
		if ("*".equals(webRequest.getHeader(HttpHeaders.IF_NONE_MATCH)) || webRequest.checkNotModified(etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
				.eTag(etag)
				.cacheControl(CACHE)
				.header(MODEL_HEADER, served.name())
				.header(VERSION_HEADER, Long.toString(served.manifest().step()))
				.build();
		}
		Samples samples = sample(model, seed, count, truncation, scale, classLabel, null, new String[count]);
		return ResponseEntity.ok()
			.headers(headers(samples, seed))
			.eTag(etag(samples.model(), params))
			.cacheControl(CACHE)
			.contentType(MediaType.IMAGE_PNG)
			.body(this.budget.render(samples.pixels(scale), () -> samples.png(layout)));
	}

	/**
	 * Draws count images from consecutive seeds; a conditional model's classes come from
	 * {@code one} (every image), {@code each} (one per image) or the seeds.
	 * @param names receives each image's class name (null for an unconditional model)
	 */
	private Samples sample(String model, long seed, int count, double truncation, int scale, String one,
			List<String> each, String[] names) {
		if (one != null && each != null && !each.isEmpty()) {
			throw new InvalidGenerationRequestException("classes", "cannot be given together with class; use one");
		}
		if (each != null && !each.isEmpty() && each.size() != count) {
			throw new InvalidGenerationRequestException("classes",
					"must have one class per image: " + each.size() + " for " + count + " images");
		}
		int max = this.settings.maxImagesPerRequest();
		if (count > max) {
			throw new InvalidGenerationRequestException("count", "must be from 1 to " + max + ", was " + count
					+ "; ask for fewer images or raise ganforge.generation.max-images-per-request");
		}
		return this.sampler.sample(model, (loaded) -> {
			Samples.checkOutputSize("count", count, loaded.spec().imageSize(), scale);
			List<float[]> latents = new ArrayList<>(count);
			int fixed = (one != null) ? ModelClasses.resolve(loaded, one, "class") : -1;
			for (int i = 0; i < count; i++) {
				int classIndex = (fixed >= 0) ? fixed
						: (each != null && !each.isEmpty())
								? ModelClasses.resolve(loaded, each.get(i), "classes[" + i + "]")
								: ModelClasses.ofSeed(loaded, seed + i);
				names[i] = ModelClasses.name(loaded, classIndex);
				latents.add(ModelClasses.input(loaded, LatentSpace.seeded(seed + i, loaded.spec().nz(), truncation),
						classIndex));
			}
			return latents;
		});
	}

	static HttpHeaders headers(Samples samples, Long seed) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(MODEL_HEADER, samples.model().name());
		headers.set(VERSION_HEADER, Long.toString(samples.version()));
		if (seed != null) {
			headers.set(SEED_HEADER, Long.toString(seed));
		}
		return headers;
	}

	/**
	 * A strong ETag: SHA-256 over the model's name, version and generator checksum and
	 * the request's parameters.
	 */
	private static String etag(LoadedModel model, String params) {
		String key = model.name() + "|" + model.manifest().step() + "|" + model.manifest().sha256() + "|" + params;
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The JSON form of {@code /generate}.
	 *
	 * @param model the model's name
	 * @param version the model's version (training step)
	 * @param seed the first image's seed
	 * @param images one entry per image
	 */
	record GenerateResponse(@Schema(example = "fashion-dcgan-64") String model,
			@Schema(description = "Training step of the checkpoint", example = "9300") long version,
			@Schema(example = "42") long seed, List<Image> images) {

		/**
		 * One image.
		 *
		 * @param seed its seed
		 * @param classLabel its class, for a conditional model
		 * @param png base64 PNG
		 */
		record Image(@Schema(example = "42") long seed,
				@JsonProperty("class") @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
						description = "The image's class, for a conditional model",
						example = "Sneaker") String classLabel,
				@Schema(description = "Base64 PNG", format = "byte", type = "string") byte[] png) {
		}

	}

}
