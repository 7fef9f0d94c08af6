package dev.ganforge.web;

import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.servlet.Filter;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * What guards every request before it is routed: the limit of requests per client, the
 * API-key filter, the body's size and time limits, the refusal of paths and query strings
 * no endpoint can take, and a Tomcat that leaves encoded slashes to the application and
 * reports its own refusals as problems.
 */
@Configuration(proxyBeanMethods = false)
class WebProtectionConfig {

	private static final Logger log = LoggerFactory.getLogger(WebProtectionConfig.class);

	// After Boot's observation filter (HIGHEST_PRECEDENCE + 1), so refusals are measured.
	private static final int API_KEY_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(SecuritySettings settings,
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		report(settings);
		return registration(new ApiKeyFilter(settings, resolver), API_KEY_ORDER);
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(WebSettings settings,
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return registration(new RequestBodyLimitFilter(settings.maxBodySize(), settings.bodyReadTimeout(), resolver),
				API_KEY_ORDER + 1);
	}

	@Bean
	FilterRegistrationBean<EmptySegmentFilter> emptySegmentFilter(
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return registration(new EmptySegmentFilter(resolver), API_KEY_ORDER + 2);
	}

	@Bean
	FilterRegistrationBean<QueryStringFilter> queryStringFilter(
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return registration(new QueryStringFilter(resolver), API_KEY_ORDER + 3);
	}

	@Bean
	FilterRegistrationBean<HealthPathFilter> healthPathFilter(
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorPath,
			ObjectProvider<HealthContributorRegistry> contributors, ObjectProvider<HealthEndpointGroups> groups,
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return registration(new HealthPathFilter(actuatorPath + "/health", contributors, groups, resolver),
				API_KEY_ORDER + 4);
	}

	private static <F extends Filter> FilterRegistrationBean<F> registration(F filter, int order) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		return registration;
	}

	/**
	 * Tomcat refuses {@code %2F} in a path with its own HTML page before the application
	 * sees it; passed through, it stays inside one path segment, so {@code /models/a%2Fb}
	 * is the (invalid) model name {@code a/b} and gets the application's 400 problem.
	 * Runs after Boot's customizers, so its error report valve is the one that reports.
	 * The {@link ClientLimitValve} comes first in the engine.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemTomcatCustomizer(WebSettings settings,
			@Value("${management.endpoints.web.base-path:/actuator}") String actuatorPath) {
		return new WebServerFactoryCustomizer<>() {

			@Override
			public void customize(TomcatServletWebServerFactory factory) {
				factory
					.addEngineValves(new ClientLimitValve(settings.maxRequestsPerClient(), actuatorPath + "/health"));
				factory.addConnectorCustomizers((connector) -> connector
					.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
				factory.addContextCustomizers((context) -> {
					if (context.getParent() instanceof StandardHost host) {
						host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
						host.getPipeline().addValve(new ProblemErrorReportValve());
					}
				});
			}

		};
	}

	private static void report(SecuritySettings settings) {
		String needKey = groups(settings, true);
		String open = groups(settings, false);
		if (settings.hasKeys()) {
			log.info("API key required for {} (header {}, {} key(s) configured); open: {}", needKey,
					settings.headerName(), settings.apiKeys().size(), open);
			return;
		}
		if (needKey.equals("none")) {
			return;
		}
		switch (settings.withoutKey()) {
			case LOOPBACK -> log.warn("No API key configured (set GANFORGE_API_KEY): {} requests are accepted only "
					+ "from this host and refused from anywhere else", needKey);
			case OPEN -> log.warn("No API key configured and ganforge.security.without-key=open: {} requests are "
					+ "ACCEPTED FROM ANYONE who can reach this port. Set GANFORGE_API_KEY unless an "
					+ "authenticating proxy guards it", needKey);
			case REFUSE -> log.warn("No API key configured and ganforge.security.without-key=refuse: {} requests "
					+ "are refused until GANFORGE_API_KEY is set", needKey);
		}
	}

	private static String groups(SecuritySettings settings, boolean isProtected) {
		String list = Arrays.stream(EndpointGroup.values())
			.filter((group) -> settings.isProtected(group) == isProtected)
			.map(EndpointGroup::id)
			.collect(Collectors.joining(", "));
		return list.isEmpty() ? "none" : list;
	}

}
