package dev.ganforge.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs} (and Swagger UI at
 * {@code /swagger-ui.html}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

	@Bean
	OpenAPI ganForgeOpenApi(ObjectProvider<BuildProperties> build, SecuritySettings security) {
		String version = build.stream().map(BuildProperties::getVersion).findFirst().orElse("dev");
		return new OpenAPI().info(new Info().title("GANForge")
			.version(version)
			.description("Trains GAN image generators (DCGAN, vanilla MLP GAN) on the JVM and serves them. "
					+ "Every error is an RFC 9457 problem (`application/problem+json`) whose `type` is a stable URI "
					+ "of the form `https://ganforge.dev/problems/<kind>`. Mutations (and any group the operator "
					+ "protects) need the API key in the `" + security.headerName() + "` header."))
			.components(new Components().addSecuritySchemes("apiKey",
					new SecurityScheme().type(SecurityScheme.Type.APIKEY)
						.in(SecurityScheme.In.HEADER)
						.name(security.headerName())));
	}

}
