package dev.ganforge.evaluation;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

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
class EvaluationController {

	private final EvaluationService service;

	EvaluationController(EvaluationService service) {
		this.service = service;
	}

	@PostMapping("/models/{name}/evaluations")
	ResponseEntity<EvaluationRun> submit(@PathVariable String name,
			@RequestBody(required = false) @Valid EvaluationRequest request) {
		EvaluationRequest body = (request != null) ? request : EvaluationRequest.DEFAULTS;
		EvaluationRun run = this.service.submit(name, body.samples(), body.seed());
		URI location = URI.create("/models/" + run.model() + "/evaluations/" + run.id());
		return ResponseEntity.accepted().location(location).body(run);
	}

	@GetMapping("/models/{name}/evaluations/{id}")
	EvaluationRun get(@PathVariable String name, @PathVariable String id) {
		return this.service.find(name, id);
	}

	@GetMapping("/models/{name}/evaluations")
	List<EvaluationRun> list(@PathVariable String name) {
		return this.service.list(name);
	}

}
