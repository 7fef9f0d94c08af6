package dev.ganforge.web;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call what, bound from {@code ganforge.security.*} and checked at start-up.
 *
 * <p>
 * The keys are secrets: {@link #toString()} shows only how many there are, and the filter
 * keeps nothing but their SHA-256 digests.
 *
 * @param headerName the request header that carries the key (default {@code X-API-Key})
 * @param apiKeys the accepted keys, several to allow rotation; also from the environment
 * as {@code GANFORGE_API_KEY} (one key) or {@code GANFORGE_SECURITY_API_KEYS} (comma
 * separated). Each at least 16 characters of printable ASCII
 * @param protect which groups of endpoints need the key
 * @param withoutKey what protected groups accept while no key is configured
 * @param allowedHosts besides loopback names and addresses, the {@code Host} names a
 * protected request may name in {@code loopback} mode (a browser page on a rebound DNS
 * name names the attacker's)
 */
@ConfigurationProperties("ganforge.security")
@Validated
record SecuritySettings(
		@NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}",
				message = "must be an HTTP header name") @DefaultValue("X-API-Key") String headerName,
		@NotNull @DefaultValue List<String> apiKeys, @NotNull @DefaultValue Protect protect,
		@NotNull @DefaultValue("loopback") WithoutKey withoutKey, @NotNull @DefaultValue List<String> allowedHosts) {

	/** Shortest key accepted: 16 characters, about 96 bits if drawn at random. */
	static final int MIN_KEY_LENGTH = 16;

	/**
	 * Drops blank keys (an unset {@code GANFORGE_API_KEY} binds as one) and checks the
	 * rest, without ever quoting a key.
	 * @throws IllegalArgumentException if a key is too short or has characters a header
	 * cannot carry
	 */
	SecuritySettings {
		apiKeys = (apiKeys != null) ? apiKeys.stream().filter((key) -> key != null && !key.isBlank()).toList()
				: List.of();
		allowedHosts = (allowedHosts != null)
				? allowedHosts.stream().map((host) -> host.strip().toLowerCase(java.util.Locale.ROOT)).toList()
				: List.of();
		for (int i = 0; i < apiKeys.size(); i++) {
			String key = apiKeys.get(i);
			if (key.length() < MIN_KEY_LENGTH || !key.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
				throw new IllegalArgumentException("ganforge.security.api-keys: key " + (i + 1) + " of "
						+ apiKeys.size() + " must be at least " + MIN_KEY_LENGTH
						+ " printable ASCII characters without spaces (e.g. openssl rand -hex 32)");
			}
		}
	}

	/**
	 * Whether any key is configured.
	 * @return true if requests to protected groups are checked against keys
	 */
	boolean hasKeys() {
		return !this.apiKeys.isEmpty();
	}

	/**
	 * Whether a group of endpoints needs the key.
	 * @param group the group
	 * @return true if protected
	 */
	boolean isProtected(EndpointGroup group) {
		return switch (group) {
			case MUTATIONS -> this.protect.mutations();
			case READS -> this.protect.reads();
			case GENERATION -> this.protect.generation();
		};
	}

	/**
	 * The settings without the keys: they are secrets, so only their number is shown.
	 */
	@Override
	public String toString() {
		return "SecuritySettings[headerName=" + this.headerName + ", apiKeys=" + this.apiKeys.size()
				+ " configured (values hidden), protect=" + this.protect + ", withoutKey=" + this.withoutKey
				+ ", allowedHosts=" + this.allowedHosts + "]";
	}

	/**
	 * Which groups of endpoints need the key.
	 *
	 * @param mutations everything that changes state or starts work: submitting,
	 * cancelling and resuming jobs, deleting models, evaluations, and any other method
	 * than GET, HEAD and OPTIONS outside the generation endpoints (default true)
	 * @param reads GET, HEAD and OPTIONS outside the generation endpoints: lists,
	 * details, samples, actuator (default false)
	 * @param generation {@code /generate}, {@code /interpolate} and
	 * {@code /latents/arithmetic}, both GET and POST (default false)
	 */
	record Protect(@DefaultValue("true") boolean mutations, @DefaultValue("false") boolean reads,
			@DefaultValue("false") boolean generation) {
	}

	/**
	 * What a protected group accepts while no key is configured.
	 */
	enum WithoutKey {

		/**
		 * Only requests from the server's own host (127.0.0.0/8, ::1); others get 403
		 * saying a key must be configured. Works out of the box on a workstation and is
		 * safe when the port is reachable from the network. Since any web page the
		 * workstation's browser opens also sends from this host, a request a browser
		 * marks as cross-site ({@code Sec-Fetch-Site}, or an {@code Origin} other than
		 * the server's own) and one naming a {@code Host} that is neither a loopback name
		 * nor allowed (DNS rebinding) are refused too.
		 */
		LOOPBACK,

		/**
		 * Everyone; for a service behind an authenticating proxy. Warned about loudly.
		 */
		OPEN,

		/** No one: protected groups are off until a key is configured. */
		REFUSE

	}

}
