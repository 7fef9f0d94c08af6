package dev.ganforge.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import dev.ganforge.web.Page;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The models being served: list them, inspect one, delete one, choose the default.
 */
@RestController
@RequestMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Models", description = "The generators in the models directory. New and replaced model directories "
		+ "are picked up automatically; a model that fails to load is listed as FAILED with the reason.")
class ModelController {

	private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private final ModelRegistry registry;

	ModelController(ModelRegistry registry) {
		this.registry = registry;
	}

	@GetMapping
	@Operation(operationId = "listModels", summary = "List the models",
			description = "Every model in the models directory, READY or FAILED, sorted by name, one page at a time.")
	@ApiResponse(responseCode = "200", description = "A page of models")
	@ApiResponse(responseCode = "400", description = "page < 0, or size outside 1..100 (invalid-request)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	Page<ModelStatus> list(@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return Page.of(this.registry.list(), page, size);
	}

	@GetMapping("/{name}")
	@Operation(operationId = "getModel", summary = "Describe a model",
			description = "The model's status (READY or FAILED with the reason) and its whole manifest: "
					+ "architecture, sizes, dataset, steps, seed, hyper-parameters, metrics and provenance.")
	@ApiResponse(responseCode = "200", description = "The model")
	@ApiResponse(responseCode = "400", description = "Not a valid model name (invalid-model-name)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "No such model (model-not-found)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ModelDetails get(@PathVariable String name) {
		ModelNames.requireValid(name);
		return new ModelDetails(this.registry.describe(name), this.registry.manifest(name).orElse(null));
	}

	@PutMapping(path = "/default", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "setDefaultModel", summary = "Set the default model",
			description = "The model that serves requests naming none. The choice is kept in the models directory "
					+ "(`.default`), so it survives restarts, and outranks `ganforge.models.default-model`; "
					+ "`{\"name\": null}` forgets it. The answer names the default now.")
	@ApiResponse(responseCode = "200", description = "The default model now")
	@ApiResponse(responseCode = "400", description = "Not a valid model name (invalid-model-name)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "No such model (model-not-found)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "409", description = "The model failed to load (model-unavailable)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	DefaultModel setDefault(@RequestBody DefaultModel choice) {
		String name = (choice.name() != null) ? ModelNames.requireValid(choice.name()) : null;
		return new DefaultModel(this.registry.chooseDefault(name).orElse(null));
	}

	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteModel", summary = "Delete a model",
			description = "Unloads the model and moves its directory to `<models dir>/.archive/<name>-<UTC timestamp>/`, "
					+ "which is hidden and never served; to restore it, move it back. Deleting the default model is "
					+ "allowed: the default then falls back to the configured one or the first READY model by name.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "400", description = "Not a valid model name (invalid-model-name)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "404", description = "No such model (model-not-found)",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	void delete(@PathVariable String name) {
		this.registry.delete(ModelNames.requireValid(name));
	}

	/**
	 * The default model, as chosen or as it is now.
	 *
	 * @param name the model's name; null to forget the choice, or when no model qualifies
	 */
	record DefaultModel(@Schema(description = "A READY model's name", example = "fashion-dcgan-64") String name) {
	}

}
