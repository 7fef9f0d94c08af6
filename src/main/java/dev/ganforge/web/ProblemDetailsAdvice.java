package dev.ganforge.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import dev.ganforge.evaluation.EvaluationNotFoundException;
import dev.ganforge.evaluation.EvaluationsBusyException;
import dev.ganforge.evaluation.NoFeatureExtractorException;
import dev.ganforge.failure.BusyException;
import dev.ganforge.failure.InvalidValueException;
import dev.ganforge.failure.Quote;
import dev.ganforge.generation.GenerationOverloadedException;
import dev.ganforge.generation.InvalidLatentException;
import dev.ganforge.jobs.InsufficientStorageException;
import dev.ganforge.jobs.JobNotFoundException;
import dev.ganforge.jobs.JobQueueFullException;
import dev.ganforge.jobs.JobStoreUnavailableException;
import dev.ganforge.jobs.JobStateException;
import dev.ganforge.jobs.ModelNameTakenException;
import dev.ganforge.jobs.PlotsBusyException;
import dev.ganforge.jobs.SampleNotFoundException;
import dev.ganforge.models.InvalidModelNameException;
import dev.ganforge.models.ModelNotFoundException;
import dev.ganforge.models.ModelUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one advice: every error leaves as an RFC 9457 problem with a stable {@code type}
 * (see {@link Problems} for the kinds).
 *
 * <p>
 * Feature exceptions know nothing of HTTP: {@link #FEATURE_PROBLEMS} is the one table
 * that gives each its status, type and title; the exception's message is the detail, and
 * a row may add properties from the exception's fields. A {@link BusyException} also sets
 * {@code Retry-After}; an {@link InvalidValueException} becomes {@code invalid-request}
 * with the field in {@code errors}, as bean validation does. Framework errors get a type
 * by kind and, where Spring's wording speaks of internals ("static resource", parser
 * messages), a detail a person can act on. Anything else is a 500 {@code internal-error}
 * whose detail says nothing of the cause, which is logged instead.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	private static final String BLANK_TYPE = "about:blank";

	private static final int MAX_QUOTED = 120;

	/**
	 * The problem each feature exception becomes: one row per failure, looked up by the
	 * exception's class or its nearest superclass in the table.
	 */
	private static final List<FeatureProblem<?>> FEATURE_PROBLEMS = List.of(
			row(InvalidValueException.class, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					ProblemDetailsAdvice::invalidValue),
			row(InvalidLatentException.class, HttpStatus.BAD_REQUEST, "invalid-latent", "Invalid latent vector"),
			row(InvalidModelNameException.class, HttpStatus.BAD_REQUEST, "invalid-model-name", "Invalid model name"),
			row(ModelNotFoundException.class, HttpStatus.NOT_FOUND, "model-not-found", "Model not found",
					(ex, problem) -> {
						if (ex.requested() != null) {
							problem.setProperty("model", ex.requested());
						}
						problem.setProperty("available", ex.available());
					}),
			row(JobNotFoundException.class, HttpStatus.NOT_FOUND, "job-not-found", "Job not found"),
			row(SampleNotFoundException.class, HttpStatus.NOT_FOUND, "sample-not-found", "Sample grid not found"),
			row(EvaluationNotFoundException.class, HttpStatus.NOT_FOUND, "evaluation-not-found",
					"Evaluation not found"),
			row(ModelUnavailableException.class, HttpStatus.CONFLICT, "model-unavailable", "Model unavailable",
					(ex, problem) -> {
						problem.setProperty("model", ex.model());
						problem.setProperty("reason", ex.reason());
					}),
			row(JobStateException.class, HttpStatus.CONFLICT, "job-state", "Not possible in this job state"),
			row(ModelNameTakenException.class, HttpStatus.CONFLICT, "model-exists", "Model name taken"),
			row(NoFeatureExtractorException.class, HttpStatus.UNPROCESSABLE_CONTENT, "no-feature-extractor",
					"No feature extractor"),
			row(InsufficientStorageException.class, HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage",
					"Insufficient storage"),
			row(GenerationOverloadedException.class, HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
					"Generator overloaded"),
			row(JobQueueFullException.class, HttpStatus.SERVICE_UNAVAILABLE, "jobs-busy", "Training queue full"),
			row(JobStoreUnavailableException.class, HttpStatus.SERVICE_UNAVAILABLE, "jobs-store-unavailable",
					"Job database unavailable"),
			row(EvaluationsBusyException.class, HttpStatus.SERVICE_UNAVAILABLE, "evaluations-busy", "Evaluations busy"),
			row(PlotsBusyException.class, HttpStatus.SERVICE_UNAVAILABLE, "plots-busy", "Plots busy"),
			row(BusyException.class, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable"));

	/**
	 * Anything no other handler claims: a fault of the service.
	 * @param ex the exception
	 * @param request the request
	 * @return a 500 problem with a generic detail
	 */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		FeatureProblem<?> row = featureProblem(ex.getClass());
		if (row != null) {
			HttpHeaders headers = new HttpHeaders();
			if (ex instanceof BusyException busy) {
				headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(busy.retryAfterSeconds()));
			}
			return handleExceptionInternal(ex, row.problem(ex), headers, row.status(), request);
		}
		ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The service failed to handle this request. The fault has been logged; "
						+ "try again, and report it if it persists.");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyLimitFilter.BodyTooLargeException tooLarge = UnreadableBody.find(ex,
				RequestBodyLimitFilter.BodyTooLargeException.class);
		if (tooLarge != null) {
			PayloadTooLargeException payload = new PayloadTooLargeException(tooLarge.limit());
			return handleExceptionInternal(payload, payload.getBody(), headers, payload.getStatusCode(), request);
		}
		if (UnreadableBody.find(ex, RequestBodyLimitFilter.BodyTooSlowException.class) != null
				|| UnreadableBody.find(ex, java.net.SocketTimeoutException.class) != null) {
			HttpHeaders close = new HttpHeaders();
			close.set(HttpHeaders.CONNECTION, "close");
			return handleExceptionInternal(ex,
					Problems
						.of(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "Request timeout",
								"The request body did not arrive in time: send it at once, within "
										+ "ganforge.web.body-read-timeout."),
					close, HttpStatus.REQUEST_TIMEOUT, request);
		}
		UnreadableBody unreadable = UnreadableBody.of(ex);
		ProblemDetail problem = Problems.of(status, "malformed-request", "Malformed request", unreadable.detail());
		if (unreadable.field() != null) {
			// The same errors[] as a request that failed validation.
			problem.setProperty("field", unreadable.field());
			problem.setProperty("errors", List.of(new Problems.FieldProblem(unreadable.field(), unreadable.message())));
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Problems.FieldProblem> errors = new ArrayList<>();
		for (ObjectError error : ex.getBindingResult().getAllErrors()) {
			errors.add(fieldProblem(error, ex.getBindingResult().getObjectName()));
		}
		return handleExceptionInternal(ex, Problems.invalid(status, errors), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Problems.FieldProblem> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String parameter = parameterName(result.getMethodParameter());
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add((error instanceof FieldError field) ? fieldProblem(field, parameter)
						: new Problems.FieldProblem(parameter, error.getDefaultMessage()));
			}
		});
		return handleExceptionInternal(ex, Problems.invalid(status, errors), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (!(ex instanceof MethodArgumentTypeMismatchException mismatch)) {
			return super.handleTypeMismatch(ex, headers, status, request);
		}
		String expected = (mismatch.getRequiredType() != null) ? UnreadableBody.describe(mismatch.getRequiredType())
				: "of another type";
		String value = Quote.safe(String.valueOf(mismatch.getValue()), MAX_QUOTED);
		ProblemDetail problem = Problems.of(status, "invalid-parameter", "Invalid parameter",
				"Parameter '" + mismatch.getName() + "' must be " + expected + ", not '" + value + "'.");
		problem.setProperty("parameter", mismatch.getName());
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String sent = (ex.getContentType() != null)
				? "'" + Quote.safe(ex.getContentType().toString(), MAX_QUOTED) + "' is" : "missing and";
		String supported = ex.getSupportedMediaTypes().isEmpty() ? "another type"
				: MediaType.toString(ex.getSupportedMediaTypes());
		ProblemDetail problem = Problems.of(status, "unsupported-media-type", "Unsupported media type",
				"Content-Type " + sent + " not supported here; send " + supported + ".");
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex,
				Problems.noEndpoint(ex.getHttpMethod().name(), path(request, ex.getResourcePath())), headers, status,
				request);
	}

	@Override
	protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex, Problems.noEndpoint(ex.getHttpMethod(), ex.getRequestURL()), headers, status,
				request);
	}

	/**
	 * Gives every problem without a type one by kind, and logs server faults.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (body == null && ex instanceof ErrorResponse errorResponse) {
			// Spring's own handlers leave the body to be built here.
			// Build it now, to give it a type.
			body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
		}
		if (body instanceof ProblemDetail problem) {
			if (problem.getType() == null || BLANK_TYPE.equals(problem.getType().toString())) {
				problem.setType(Problems.type(kind(ex, status)));
				if (status.is5xxServerError() && status.value() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
					// Framework 500s (an unwritable response, a missing path
					// variable) are our bugs; their messages are not for clients.
					problem.setDetail("The service failed to handle this request. The fault has been logged.");
				}
			}
		}
		if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
			log.error("Request {} failed", describe(request), ex);
		}
		return super.handleExceptionInternal(ex, body, headers, status, request);
	}

	private static String kind(Exception ex, HttpStatusCode status) {
		if (status.is5xxServerError()) {
			return (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) ? "service-unavailable"
					: "internal-error";
		}
		if (ex instanceof HttpMessageNotReadableException) {
			return "malformed-request";
		}
		if (ex instanceof MethodArgumentNotValidException || ex instanceof HandlerMethodValidationException) {
			return "invalid-request";
		}
		if (ex instanceof TypeMismatchException) {
			return "invalid-parameter";
		}
		if (ex instanceof MissingRequestValueException || ex instanceof MissingServletRequestPartException) {
			return "missing-parameter";
		}
		return kindOf(status.value());
	}

	/**
	 * The kind of a problem that only its status describes.
	 * @param status the HTTP status
	 * @return e.g. {@code not-found}; {@code http-<status>} for statuses without a name
	 */
	static String kindOf(int status) {
		return switch (status) {
			case 400 -> "bad-request";
			case 401 -> "unauthorized";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 409 -> "conflict";
			case 413 -> "payload-too-large";
			case 415 -> "unsupported-media-type";
			case 429 -> "too-many-requests";
			case 500 -> "internal-error";
			case 503 -> "service-unavailable";
			case 507 -> "insufficient-storage";
			default -> "http-" + status;
		};
	}

	private static String parameterName(MethodParameter parameter) {
		String declared = null;
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
		RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
		if (param != null) {
			declared = param.name().isEmpty() ? param.value() : param.name();
		}
		else if (path != null) {
			declared = path.name().isEmpty() ? path.value() : path.name();
		}
		else if (header != null) {
			declared = header.name().isEmpty() ? header.value() : header.name();
		}
		if (declared != null && !declared.isEmpty()) {
			return declared;
		}
		return (parameter.getParameterName() != null) ? parameter.getParameterName() : "argument";
	}

	private static String path(WebRequest request, String fallback) {
		if (request instanceof NativeWebRequest nativeRequest
				&& nativeRequest.getNativeRequest() instanceof HttpServletRequest http) {
			return http.getRequestURI();
		}
		return fallback;
	}

	private static Problems.FieldProblem fieldProblem(ObjectError error, String fallback) {
		if (error instanceof FieldError field) {
			return new Problems.FieldProblem(field.getField(), field.getDefaultMessage());
		}
		return new Problems.FieldProblem(fallback, error.getDefaultMessage());
	}

	/**
	 * The row for a kind of exception: its own class's, else its nearest superclass's.
	 * @param exception the exception's class
	 * @return the row, or null for an exception no feature raises
	 */
	static FeatureProblem<?> featureProblem(Class<?> exception) {
		for (Class<?> type = exception; type != null; type = type.getSuperclass()) {
			for (FeatureProblem<?> row : FEATURE_PROBLEMS) {
				if (row.exception() == type) {
					return row;
				}
			}
		}
		return null;
	}

	private static void invalidValue(InvalidValueException ex, ProblemDetail problem) {
		ProblemDetail invalid = Problems.invalid(HttpStatus.BAD_REQUEST,
				List.of(new Problems.FieldProblem(ex.field(), ex.problem())));
		problem.setDetail(invalid.getDetail());
		problem.setProperty("errors", invalid.getProperties().get("errors"));
	}

	private static <E extends RuntimeException> FeatureProblem<E> row(Class<E> exception, HttpStatus status,
			String kind, String title) {
		return new FeatureProblem<>(exception, status, kind, title, (ex, problem) -> {
		});
	}

	private static <E extends RuntimeException> FeatureProblem<E> row(Class<E> exception, HttpStatus status,
			String kind, String title, BiConsumer<E, ProblemDetail> properties) {
		return new FeatureProblem<>(exception, status, kind, title, properties);
	}

	/**
	 * How one kind of feature exception leaves: its status, type and title, and the
	 * properties its fields add. The detail is the exception's message.
	 *
	 * @param <E> the exception's type
	 * @param exception the exception's class
	 * @param status the HTTP status
	 * @param kind the problem's kind, see {@link Problems#type(String)}
	 * @param title the problem's title
	 * @param properties adds the exception's fields to the problem
	 */
	record FeatureProblem<E extends RuntimeException>(Class<E> exception, HttpStatus status, String kind, String title,
			BiConsumer<E, ProblemDetail> properties) {

		ProblemDetail problem(Throwable ex) {
			ProblemDetail problem = Problems.of(this.status, this.kind, this.title, ex.getMessage());
			this.properties.accept(this.exception.cast(ex), problem);
			return problem;
		}

	}

	private static String describe(WebRequest request) {
		if (request instanceof NativeWebRequest nativeRequest
				&& nativeRequest.getNativeRequest() instanceof HttpServletRequest http) {
			return http.getMethod() + " " + http.getRequestURI();
		}
		return request.getDescription(false);
	}

}
