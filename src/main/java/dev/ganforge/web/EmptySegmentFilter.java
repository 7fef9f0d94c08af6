package dev.ganforge.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers 404 to paths with an empty segment ({@code //}, or a {@code %2F} that decodes
 * to one): no endpoint has one, and Boot's health endpoint fails with a 500 on
 * {@code /actuator/health//x} rather than saying there is no such component.
 */
final class EmptySegmentFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver resolver;

	EmptySegmentFilter(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!hasEmptySegment(path)) {
			chain.doFilter(request, response);
			return;
		}
		this.resolver.resolveException(request, response, null,
				new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.noEndpoint(request.getMethod(), path), null));
	}

	static boolean hasEmptySegment(String rawPath) {
		String decodedSlashes = rawPath.replace("%2F", "/").replace("%2f", "/");
		return decodedSlashes.contains("//")
				|| (decodedSlashes.endsWith("/") && decodedSlashes.length() > 1 && rawPath.startsWith("/actuator"));
	}

}
