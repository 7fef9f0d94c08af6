package dev.ganforge.evaluation;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /models/{name}/evaluations}: asynchronous quality evaluations of a served model.
 * POST answers 202 with the run and its {@code Location}; GET on that location polls it
 * until SUCCEEDED (with FD, KID, precision, recall and the classifier score) or FAILED.
 */
@RestController
@Tag(name = "Evaluation", description = "Measure a served model's quality against the real data: Frechet distance, "
		+ "KID, precision, recall, classifier score and the class balance, in the shipped feature extractor's space")
class EvaluationController {

	private final EvaluationService service;

	EvaluationController(EvaluationService service) {
		this.service = service;
	}

	@PostMapping(path = "/models/{name}/evaluations", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "submitEvaluation", summary = "Evaluate a model",
			description = "Queues an evaluation of the model's samples (samples images from seed, seed + 1, ...) "
					+ "against its dataset's test split and returns at once; poll the Location until SUCCEEDED or "
					+ "FAILED. The body is optional: without it, ganforge.evaluation.default-samples from seed 0.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					examples = @ExampleObject(name = "quick",
							value = "{\"samples\": 500, \"seed\": 0, \"truncation\": 1}")))
	@ApiResponse(responseCode = "202", description = "Queued; Location is the run")
	@ApiResponse(responseCode = "400",
			description = "More samples than ganforge.evaluation.max-samples " + "(invalid-request)")
	@ApiResponse(responseCode = "404", description = "No such model (model-not-found)")
	@ApiResponse(responseCode = "409", description = "The model failed to load (model-unavailable)")
	@ApiResponse(responseCode = "422",
			description = "The model's dataset has no feature extractor " + "(no-feature-extractor)")
	@ApiResponse(responseCode = "503", description = "Too many evaluations queued (evaluations-busy)")
	ResponseEntity<EvaluationRun> submit(@PathVariable String name,
			@RequestBody(required = false) @Valid EvaluationRequest request) {
		EvaluationRequest body = (request != null) ? request : EvaluationRequest.DEFAULTS;
		EvaluationRun run = this.service.submit(name, body.samples(), body.seed(), body.truncation());
		URI location = URI.create("/models/" + run.model() + "/evaluations/" + run.id());
		return ResponseEntity.accepted().location(location).body(run);
	}

	@GetMapping(path = "/models/{name}/evaluations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getEvaluation", summary = "An evaluation of a model",
			description = "QUEUED, RUNNING, SUCCEEDED with the quality, or FAILED with the error.")
	@ApiResponse(responseCode = "200", description = "The run")
	@ApiResponse(responseCode = "404", description = "No such run of this model (evaluation-not-found)")
	EvaluationRun get(@PathVariable String name, @PathVariable String id) {
		return this.service.find(name, id);
	}

	@GetMapping(path = "/models/{name}/evaluations", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listEvaluations", summary = "A model's evaluations",
			description = "The runs this process remembers, newest first.")
	@ApiResponse(responseCode = "200", description = "The runs",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					array = @ArraySchema(schema = @Schema(implementation = EvaluationRun.class))))
	@ApiResponse(responseCode = "400", description = "Not a valid model name (invalid-model-name)")
	@ApiResponse(responseCode = "404", description = "No such model (model-not-found)")
	List<EvaluationRun> list(@PathVariable String name) {
		return this.service.list(name);
	}

}
