package dev.ganforge.models;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No model of the requested name (temporary stand-in for parallel development).
 */
public class ModelNotFoundException extends ErrorResponseException {

	ModelNotFoundException(String name) {
		super(HttpStatus.NOT_FOUND, problem(name), null);
	}

	private static ProblemDetail problem(String name) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				(name == null) ? "No model is loaded" : "No model named '" + name + "' is loaded");
		problem.setType(Problems.type("model-not-found"));
		problem.setTitle("Model not found");
		return problem;
	}

}
