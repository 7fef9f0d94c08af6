package dev.ganforge.web;

import java.util.Set;

/**
 * The groups of endpoints that an API key can protect, each switched on or off with
 * {@code ganforge.security.protect.<group>}.
 *
 * <p>
 * A request is classified by its method and path before it is routed, so that a protected
 * request is refused the same way whether or not its resource exists. Anything that is
 * not a read and not a generation request counts as a mutation: an endpoint added later
 * is protected until someone decides otherwise.
 */
enum EndpointGroup {

	/** Submitting, cancelling, resuming jobs; deleting models; evaluations; any write. */
	MUTATIONS,

	/** GET, HEAD and OPTIONS outside the generation endpoints. */
	READS,

	/** {@code /generate}, {@code /interpolate}, {@code /latents/arithmetic}. */
	GENERATION;

	private static final Set<String> GENERATION_PATHS = Set.of("/generate", "/interpolate", "/latents/arithmetic");

	private static final Set<String> GENERATION_METHODS = Set.of("GET", "HEAD", "POST");

	private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	/**
	 * The group of a request.
	 * @param method the HTTP method
	 * @param path the path within the application, decoded and normalised by the
	 * container (the servlet path), without path parameters
	 * @return its group
	 */
	static EndpointGroup of(String method, String path) {
		if (GENERATION_PATHS.contains(path) && GENERATION_METHODS.contains(method)) {
			return GENERATION;
		}
		return READ_METHODS.contains(method) ? READS : MUTATIONS;
	}

	/**
	 * The group's name in settings and messages.
	 * @return e.g. {@code mutations}
	 */
	String id() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
