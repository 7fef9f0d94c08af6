package dev.ganforge.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 400 to a query string Tomcat cannot decode (a bad percent escape, bytes that
 * are not UTF-8, a parameter without a name, more parameters than it takes). Tomcat
 * parses the query on the first read of a parameter and throws there, so without this a
 * handler or an actuator endpoint would fail with a 500 and a stack trace for any such
 * request, key or not. The parse is forced here, once, before anything routes the
 * request; form bodies are left unread (no endpoint takes one, and reading them is the
 * handler's business).
 */
final class QueryStringFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver resolver;

	QueryStringFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getQueryString() == null || hasFormBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		try {
			request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			// Tomcat's InvalidParameterException and its "too many parameters" both are.
			this.resolver.resolveException(request, response, null, new ErrorResponseException(HttpStatus.BAD_REQUEST,
					Problems.of(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query string",
							"The query string cannot be decoded: each parameter must be name=value with a non-empty "
									+ "name, percent-encoded UTF-8, and at most a thousand of them."),
					ex));
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean hasFormBody(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_FORM_URLENCODED.includes(type) || "multipart".equals(type.getType());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
