package dev.ganforge.web;

import dev.ganforge.failure.Quote;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.UrlPathHelper;

/**
 * Checks the API key of requests to protected groups of endpoints, before they are routed
 * (so also for the actuator, and with the same answer whether or not the resource
 * exists).
 *
 * <p>
 * Only SHA-256 digests of the configured keys are kept. A presented key is hashed and
 * compared with every digest by {@link MessageDigest#isEqual}, whose time does not depend
 * on where two equal-length arrays differ; hashing first makes the compared lengths equal
 * whatever the key's length. Keys are never logged.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

	private final SecuritySettings settings;

	private final List<byte[]> keyDigests;

	private final HandlerExceptionResolver resolver;

	ApiKeyFilter(SecuritySettings settings, HandlerExceptionResolver resolver) {
		this.settings = settings;
		this.keyDigests = settings.apiKeys().stream().map(ApiKeyFilter::sha256).toList();
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		EndpointGroup group = EndpointGroup.of(request.getMethod(),
				UrlPathHelper.defaultInstance.getPathWithinApplication(request));
		AccessRefusedException refusal = this.settings.isProtected(group) ? check(request, group) : null;
		if (refusal == null) {
			chain.doFilter(request, response);
			return;
		}
		if (log.isDebugEnabled()) {
			log.debug("Refused {} {} from {}: {}", request.getMethod(), Quote.safe(request.getRequestURI(), 120),
					request.getRemoteAddr(), refusal.getBody().getDetail());
		}
		this.resolver.resolveException(request, response, null, refusal);
	}

	/**
	 * Why a request to a protected group is refused.
	 * @return the refusal, or null to let it through
	 */
	private AccessRefusedException check(HttpServletRequest request, EndpointGroup group) {
		String header = this.settings.headerName();
		if (!this.settings.hasKeys()) {
			return switch (this.settings.withoutKey()) {
				case OPEN -> null;
				case LOOPBACK -> (isLoopback(request.getRemoteAddr()) && !isForwarded(request))
						? fromThisHostsPages(request, group) : AccessRefusedException.notConfigured(group, true);
				case REFUSE -> AccessRefusedException.notConfigured(group, false);
			};
		}
		String presented = request.getHeader(header);
		if (presented == null || presented.isEmpty()) {
			return AccessRefusedException.missingKey(header);
		}
		return matches(presented) ? null : AccessRefusedException.wrongKey(header);
	}

	/**
	 * A loopback request is also what any page the local browser opens can send. Refuses
	 * one the browser marks as cross-site, or whose Origin is not this server, and one
	 * naming a host other than this one, as a page on a rebound DNS name does.
	 * @return the refusal, or null to let it through
	 */
	private AccessRefusedException fromThisHostsPages(HttpServletRequest request, EndpointGroup group) {
		String host = request.getServerName();
		if (!isLoopbackName(host) && !this.settings.allowedHosts().contains(host.toLowerCase(Locale.ROOT))) {
			return AccessRefusedException.hostNotAllowed(group, host);
		}
		String fetchSite = request.getHeader("Sec-Fetch-Site");
		if (fetchSite != null
				&& (fetchSite.equalsIgnoreCase("cross-site") || fetchSite.equalsIgnoreCase("same-site"))) {
			return AccessRefusedException.crossSite(group, "Sec-Fetch-Site: " + fetchSite);
		}
		String origin = request.getHeader("Origin");
		if (origin != null && !origin.equalsIgnoreCase(ownOrigin(request))) {
			return AccessRefusedException.crossSite(group, "Origin: " + origin);
		}
		return null;
	}

	private static String ownOrigin(HttpServletRequest request) {
		String scheme = request.getScheme();
		int port = request.getServerPort();
		boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
		String host = request.getServerName();
		host = (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
		return scheme + "://" + host + (defaultPort ? "" : ":" + port);
	}

	/**
	 * Whether a Host name is this host: localhost, a name under {@code .localhost}, or a
	 * loopback address literal.
	 */
	static boolean isLoopbackName(String host) {
		if (host == null) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		return name.equals("localhost") || name.endsWith(".localhost") || isLoopback(name);
	}

	private boolean matches(String presented) {
		byte[] digest = sha256(presented);
		boolean match = false;
		// Every digest is compared, so the time says nothing about which key matched.
		for (byte[] key : this.keyDigests) {
			match |= MessageDigest.isEqual(digest, key);
		}
		return match;
	}

	/**
	 * Whether a proxy relayed the request: then the loopback peer is the proxy, not the
	 * client, and a client could also forge the header to look local.
	 */
	static boolean isForwarded(HttpServletRequest request) {
		return request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null
				|| request.getHeader("X-Real-IP") != null;
	}

	/**
	 * Whether the peer is this host: 127.0.0.0/8, ::1 or ::ffff:127.x.x.x.
	 * @param address the peer's IP literal, as the container gives it
	 * @return true for a loopback address; false for anything else, names included
	 */
	static boolean isLoopback(String address) {
		if (address == null) {
			return false;
		}
		if (address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
			return true;
		}
		// An IPv6 literal (it has a colon) is parsed without any DNS lookup.
		if (address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+")) {
			try {
				return InetAddress.getByName(address).isLoopbackAddress();
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}
		return false;
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
