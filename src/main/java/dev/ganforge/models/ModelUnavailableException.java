package dev.ganforge.models;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A model exists but cannot serve (temporary stand-in for parallel development).
 */
public class ModelUnavailableException extends ErrorResponseException {

	ModelUnavailableException(String name, String why) {
		super(HttpStatus.CONFLICT, problem(name, why), null);
	}

	private static ProblemDetail problem(String name, String why) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Model '" + name + "' is unavailable: " + why);
		problem.setType(Problems.type("model-unavailable"));
		problem.setTitle("Model unavailable");
		return problem;
	}

}
