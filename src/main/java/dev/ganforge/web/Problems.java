package dev.ganforge.web;

import dev.ganforge.failure.Quote;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Stable {@code type} URIs of the problems the service reports, one per kind, never the
 * request URL. A client may switch on them; they do not change between releases.
 *
 * <p>
 * Kinds, by the HTTP status that carries them:
 * <ul>
 * <li>400 {@code malformed-request}: the body is not JSON, or a field has the wrong JSON
 * type (the detail names the field)</li>
 * <li>400 {@code invalid-request}: bean validation failed; the {@code errors} property
 * lists each field and what is wrong with it</li>
 * <li>400 {@code invalid-parameter}: a query or path parameter cannot be converted to its
 * type</li>
 * <li>400 {@code missing-parameter}: a required query parameter, header or part is
 * absent</li>
 * <li>400 {@code bad-request}: any other malformed request</li>
 * <li>400 {@code invalid-model-name}: a model name outside
 * {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}</li>
 * <li>401 {@code unauthorized}: the API key is missing or wrong (with
 * {@code WWW-Authenticate})</li>
 * <li>403 {@code api-key-not-configured}: no API key is configured and the request is not
 * from the server's own host</li>
 * <li>404 {@code not-found}: no endpoint at this path</li>
 * <li>404 {@code model-not-found}: no model of that name (the detail lists those
 * available)</li>
 * <li>405 {@code method-not-allowed}, 406 {@code not-acceptable}, 413
 * {@code payload-too-large} (over {@code ganforge.web.max-body-size}), 415
 * {@code unsupported-media-type}</li>
 * <li>409 {@code model-unavailable}: the model exists but failed to load (the detail says
 * why)</li>
 * <li>503 {@code service-unavailable}: the request timed out waiting</li>
 * <li>500 {@code internal-error}: a fault of the service; the detail is generic and the
 * cause is logged</li>
 * </ul>
 * The kinds of the features' own failures are rows of the one table in
 * {@code ProblemDetailsAdvice}; each exception's Javadoc names the kind it becomes.
 */
public final class Problems {

	private static final String BASE = "https://ganforge.dev/problems/";

	private Problems() {
	}

	/**
	 * The type URI of a kind of problem.
	 * @param kind lower-case words joined by hyphens, e.g. {@code model-not-found}
	 * @return {@code https://ganforge.dev/problems/<kind>}
	 * @throws IllegalArgumentException if the kind is not of that form
	 */
	public static URI type(String kind) {
		if (kind == null || !kind.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
			throw new IllegalArgumentException("A problem kind is lower-case words joined by hyphens, was " + kind);
		}
		return URI.create(BASE + kind);
	}

	/**
	 * A problem of a kind with a title and a detail.
	 * @param status the HTTP status
	 * @param kind the kind, see {@link #type(String)}
	 * @param title a short summary of the kind, the same for every instance
	 * @param detail what went wrong this time and what to do about it
	 * @return the problem
	 */
	public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(kind));
		problem.setTitle(title);
		return problem;
	}

	/**
	 * The 404 {@code not-found} problem for a path no endpoint serves.
	 * @param method the request's method
	 * @param path the path, as the client sent it
	 * @return the problem
	 */
	public static ProblemDetail noEndpoint(String method, String path) {
		return notFound("There is no endpoint " + method + " " + Quote.safe(path, 120)
				+ "; the API is described at /v3/api-docs.");
	}

	/**
	 * The 404 {@code not-found} problem.
	 * @param detail what was not found and where to look instead
	 * @return the problem
	 */
	public static ProblemDetail notFound(String detail) {
		return of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
	}

	/**
	 * The 400 {@code invalid-request} problem: its {@code errors} property lists each
	 * field and what is wrong with it.
	 * @param status the HTTP status (400)
	 * @param errors the invalid values
	 * @return the problem
	 */
	public static ProblemDetail invalid(HttpStatusCode status, List<FieldProblem> errors) {
		String summary = errors.stream()
			.map((error) -> error.field() + " " + error.message())
			.collect(Collectors.joining("; "));
		ProblemDetail problem = of(status, "invalid-request", "Invalid request",
				(errors.size() == 1) ? "The request is invalid: " + summary + "."
						: "The request has " + errors.size() + " invalid values: " + summary + ".");
		problem.setProperty("errors", errors);
		return problem;
	}

	/**
	 * One value that failed validation.
	 *
	 * @param field the field's path in the body, or the parameter's name
	 * @param message what is wrong with it
	 */
	public record FieldProblem(String field, String message) {
	}

}
