package dev.ganforge.web;

import dev.ganforge.failure.Quote;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request to a protected group of endpoints without a valid API key. Raised before the
 * request is routed, so it says nothing about whether the resource exists.
 * <ul>
 * <li>401 {@code unauthorized}: the key is missing or not one of the configured keys;
 * with {@code WWW-Authenticate: ApiKey header="<header>"}</li>
 * <li>403 {@code api-key-not-configured}: the server has no key, and the group is open
 * only to its own host ({@code ganforge.security.without-key})</li>
 * <li>403 {@code cross-site-request}: that, and the browser says another site's page sent
 * it</li>
 * <li>403 {@code host-not-allowed}: that, and it names a host that is not this one</li>
 * </ul>
 */
class AccessRefusedException extends ErrorResponseException {

	private AccessRefusedException(HttpStatus status, ProblemDetail problem) {
		super(status, problem, null);
	}

	static AccessRefusedException missingKey(String header) {
		return unauthorized(header, "This request needs an API key in the " + header + " header.");
	}

	static AccessRefusedException wrongKey(String header) {
		return unauthorized(header, "The API key in the " + header + " header is not valid.");
	}

	static AccessRefusedException notConfigured(EndpointGroup group, boolean loopbackAllowed) {
		String who = loopbackAllowed ? "are accepted only from the server's own host"
				: "are refused (ganforge.security.without-key=refuse)";
		ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "api-key-not-configured", "No API key configured",
				"No API key is configured on this server, so " + group.id() + " requests " + who
						+ ". Its operator can set GANFORGE_API_KEY to allow them with that key.");
		return new AccessRefusedException(HttpStatus.FORBIDDEN, problem);
	}

	static AccessRefusedException crossSite(EndpointGroup group, String evidence) {
		ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "cross-site-request", "Cross-site request refused",
				"Without an API key, " + group.id() + " requests are accepted from this host's own pages only; "
						+ "this one came from another site (" + Quote.safe(evidence, 120)
						+ "). Call the API directly, or set GANFORGE_API_KEY and send the key.");
		return new AccessRefusedException(HttpStatus.FORBIDDEN, problem);
	}

	static AccessRefusedException hostNotAllowed(EndpointGroup group, String host) {
		ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "host-not-allowed", "Host not allowed",
				"Without an API key, " + group.id() + " requests must name this host (localhost or a loopback "
						+ "address) or one of ganforge.security.allowed-hosts; this one names " + Quote.safe(host, 120)
						+ ".");
		return new AccessRefusedException(HttpStatus.FORBIDDEN, problem);
	}

	private static AccessRefusedException unauthorized(String header, String detail) {
		ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "API key required", detail);
		problem.setProperty("header", header);
		AccessRefusedException ex = new AccessRefusedException(HttpStatus.UNAUTHORIZED, problem);
		ex.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + header + "\"");
		return ex;
	}

}
