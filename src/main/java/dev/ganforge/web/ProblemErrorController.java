package dev.ganforge.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}): what fails outside Spring MVC's
 * handlers (an exception in a filter, a {@code sendError} of the container) leaves as a
 * problem too, replacing Boot's {@code {timestamp, status, error, path}} body.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	@RequestMapping(path = "${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer value && value >= 400 && value <= 599) ? value : 404;
		HttpStatusCode statusCode = HttpStatusCode.valueOf(status);
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String detail;
		if (statusCode.is5xxServerError()) {
			Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
			log.error("Request {} failed outside the handlers with status {}",
					request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), status,
					(failure instanceof Throwable t) ? t : null);
			detail = "The service failed to handle this request. The fault has been logged; try again, and report "
					+ "it if it persists.";
		}
		else if (code == null) {
			detail = "There is no endpoint here; the API is described at /v3/api-docs.";
		}
		else {
			detail = "The request cannot be processed (" + status + " " + title + ").";
		}
		ProblemDetail problem = Problems.of(statusCode, ProblemDetailsAdvice.kindOf(status), title, detail);
		return ResponseEntity.status(statusCode).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
