package dev.ganforge.web;

import java.net.URI;

/**
 * Stable problem type URIs (temporary stand-in for parallel development).
 */
public final class Problems {

	private Problems() {
	}

	/**
	 * The type URI of a problem kind.
	 * @param kind e.g. {@code model-not-found}
	 * @return {@code https://ganforge.dev/problems/<kind>}
	 */
	public static URI type(String kind) {
		return URI.create("https://ganforge.dev/problems/" + kind);
	}

}
