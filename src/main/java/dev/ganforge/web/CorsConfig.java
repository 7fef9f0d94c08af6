package dev.ganforge.web;

import org.springframework.beans.factory.ObjectProvider;
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

	// Providers: a web slice test has the MVC configuration without the settings.
	private final ObjectProvider<WebSettings> web;

	private final ObjectProvider<SecuritySettings> security;

	CorsConfig(ObjectProvider<WebSettings> web, ObjectProvider<SecuritySettings> security) {
		this.web = web;
		this.security = security;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		WebSettings web = this.web.getIfAvailable();
		SecuritySettings security = this.security.getIfAvailable();
		if (web == null || security == null || web.corsAllowedOrigins().isEmpty()) {
			return;
		}
		registry.addMapping("/**")
			.allowedOrigins(web.corsAllowedOrigins().toArray(String[]::new))
			.allowedMethods("GET", "HEAD", "POST", "PUT", "DELETE")
			.allowedHeaders(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, security.headerName())
			.exposedHeaders(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER, HttpHeaders.ETAG, "X-Model",
					"X-Model-Version", "X-Seed", "X-Step")
			.maxAge(3600);
	}

}
