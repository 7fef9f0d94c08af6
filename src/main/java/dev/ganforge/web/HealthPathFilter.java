package dev.ganforge.web;

import dev.ganforge.failure.Quote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.UriUtils;

/**
 * Answers 404 to a health path that names no component, such as
 * {@code /actuator/health/a/b}: Boot's health endpoint walks such a path into a missing
 * component and fails with a 500 ({@code 'contributor' must not be null}) instead of
 * saying there is none. The walk here is Boot's: an optional group first, then one
 * component per segment, each inside the composite before it.
 */
final class HealthPathFilter extends OncePerRequestFilter {

	private final String prefix;

	private final ObjectProvider<? extends HealthContributors> contributors;

	private final ObjectProvider<HealthEndpointGroups> groups;

	private final HandlerExceptionResolver resolver;

	HealthPathFilter(String healthPath, ObjectProvider<? extends HealthContributors> contributors,
			ObjectProvider<HealthEndpointGroups> groups, HandlerExceptionResolver resolver) {
		this.prefix = healthPath + "/";
		this.contributors = contributors;
		this.groups = groups;
		this.resolver = resolver;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !path(request).startsWith(this.prefix) || this.contributors.getIfAvailable() == null
				|| this.groups.getIfAvailable() == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = path(request);
		if (exists(path.substring(this.prefix.length()).split("/"))) {
			chain.doFilter(request, response);
			return;
		}
		this.resolver
			.resolveException(request, response, null,
					new ErrorResponseException(HttpStatus.NOT_FOUND,
							Problems.notFound("There is no health component or group " + Quote.safe(path, 120)
									+ "; GET " + this.prefix.substring(0, this.prefix.length() - 1) + " lists them."),
							null));
	}

	boolean exists(String[] segments) {
		int first = (this.groups.getObject().get(decode(segments[0])) != null) ? 1 : 0;
		HealthContributors current = this.contributors.getObject();
		for (int i = first; i < segments.length; i++) {
			if (current == null) {
				return false;
			}
			HealthContributor next = current.getContributor(decode(segments[i]));
			if (next == null) {
				return false;
			}
			current = (next instanceof HealthContributors composite) ? composite : null;
		}
		return true;
	}

	private static String decode(String segment) {
		try {
			return UriUtils.decode(segment, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return segment;
		}
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
