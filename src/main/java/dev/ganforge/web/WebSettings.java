package dev.ganforge.web;

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
 */
@ConfigurationProperties("ganforge.web")
@Validated
record WebSettings(@NotNull @DefaultValue("1MB") DataSize maxBodySize) {

	WebSettings {
		if (maxBodySize != null && maxBodySize.toBytes() < 1) {
			throw new IllegalArgumentException("ganforge.web.max-body-size must be at least 1B, was " + maxBodySize);
		}
	}

}
