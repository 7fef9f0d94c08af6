package dev.ganforge.generation;

import dev.ganforge.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the ProblemDetail bodies of this package's exceptions.
 */
final class GenerationProblems {

	private GenerationProblems() {
	}

	static ProblemDetail of(HttpStatus status, String kind, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(Problems.type(kind));
		problem.setTitle(title);
		return problem;
	}

}
