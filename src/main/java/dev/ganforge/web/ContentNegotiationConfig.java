package dev.ganforge.web;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Content negotiation by the {@code Accept} header alone, read by
 * {@link ProblemAcceptStrategy}.
 */
@Configuration(proxyBeanMethods = false)
class ContentNegotiationConfig implements WebMvcConfigurer {

	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.strategies(List.of(new ProblemAcceptStrategy()));
	}

}
