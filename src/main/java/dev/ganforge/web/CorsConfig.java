package dev.ganforge.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cross-origin access for the origins in {@code ganforge.web.cors-allowed-origins}, and
 * for none while it is empty (the default). An allowed origin's pages may send the API
 * key header; without a key configured, their mutations are still refused as cross-site
 * ({@link ApiKeyFilter}).
 */
@Configuration(proxyBeanMethods = false)
class CorsConfig implements WebMvcConfigurer {

	private final WebSettings web;

	private final SecuritySettings security;

	CorsConfig(WebSettings web, SecuritySettings security) {
		this.web = web;
		this.security = security;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (this.web.corsAllowedOrigins().isEmpty()) {
			return;
		}
		registry.addMapping("/**")
			.allowedOrigins(this.web.corsAllowedOrigins().toArray(String[]::new))
			.allowedMethods("GET", "HEAD", "POST", "PUT", "DELETE")
			.allowedHeaders(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, this.security.headerName())
			.exposedHeaders(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.ETAG, "X-Model",
					"X-Model-Version", "X-Seed", "X-Step")
			.maxAge(3600);
	}

}
