package dev.ganforge.web;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of every request, bound from {@code ganforge.web.*}.
 *
 * @param maxBodySize the largest request body accepted (default 1MB: the largest valid
 * request, an arithmetic of many 512-float vectors, is far smaller); a larger body is
 * refused with 413 whether its length is declared or it is streamed
 * @param bodyReadTimeout the longest a request body may take to arrive, however steadily
 * its bytes trickle in (default 10s); then 408. Between two bytes Tomcat waits at most
 * {@code server.tomcat.connection-timeout} (5s here)
 * @param maxRequestsPerClient requests one client address may have in progress at once
 * (default 64); more are refused with 429 before their bodies are read, so a few slow
 * clients cannot take every worker thread. Health probes are not counted
 * @param corsAllowedOrigins the origins whose pages may call the API from a browser
 * (CORS), such as {@code https://dashboard.example}; none by default, so browsers keep
 * other sites' pages from reading any answer
 */
@ConfigurationProperties("ganforge.web")
@Validated
record WebSettings(@NotNull @DefaultValue("1MB") DataSize maxBodySize,
		@NotNull @DefaultValue("10s") Duration bodyReadTimeout, @Min(1) @DefaultValue("64") int maxRequestsPerClient,
		@NotNull @DefaultValue List<String> corsAllowedOrigins) {

	WebSettings {
		if (bodyReadTimeout != null && (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero())) {
			throw new IllegalArgumentException(
					"ganforge.web.body-read-timeout must be positive, was " + bodyReadTimeout);
		}
		if (maxBodySize != null && maxBodySize.toBytes() < 1) {
			throw new IllegalArgumentException("ganforge.web.max-body-size must be at least 1B, was " + maxBodySize);
		}
	}

}
