package dev.ganforge.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs} (and Swagger UI at
 * {@code /swagger-ui.html}). It is a contract: {@code docs/openapi.json} holds it as
 * served, and the build generates a client from that file and drives the service with it.
 *
 * <p>
 * What holds for every operation is said here once rather than on each handler: every
 * error is a {@link #PROBLEM problem}, a request with parameters or a body can be a 400,
 * a body can be too large or of the wrong type, and an operation in a group the API key
 * protects requires the key (so Swagger UI's Authorize sends it).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

	/** The schema of every error body. */
	static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String KEY_SCHEME = "apiKey";

	// OpenAPI ignores header parameters of these names; generators would add a useless
	// argument for them.
	private static final Set<String> RESERVED_HEADERS = Set.of("accept", "content-type", "authorization");

	@Bean
	OpenAPI ganForgeOpenApi(ObjectProvider<BuildProperties> build, SecuritySettings security) {
		String version = build.stream().map(BuildProperties::getVersion).findFirst().orElse("dev");
		return new OpenAPI()
			.info(new Info().title("GANForge")
				.version(version)
				.description("Trains GAN image generators (DCGAN, vanilla MLP GAN) on the JVM and serves them. "
						+ "Every error is an RFC 9457 problem (`application/problem+json`, schema `Problem`) whose "
						+ "`type` is a stable URI of the form `https://ganforge.dev/problems/<kind>`. Operations "
						+ "marked with the `apiKey` scheme need the key in the `" + security.headerName()
						+ "` header once one is configured."))
			.components(new Components().addSecuritySchemes(KEY_SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.APIKEY)
						.in(SecurityScheme.In.HEADER)
						.name(security.headerName())));
	}

	@Bean
	OpenApiCustomizer problemsAndSecurity(SecuritySettings security) {
		return (openApi) -> {
			Components components = openApi.getComponents();
			components.addSchemas("FieldProblem", fieldProblem());
			components.addSchemas(PROBLEM, problem());
			if (openApi.getPaths() != null) {
				openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
					boolean isProtected = security.isProtected(EndpointGroup.of(method.name(), path));
					describe(operation, isProtected);
				}));
			}
			removeUnreferencedSchemas(openApi);
		};
	}

	/**
	 * Drops the schemas of types no operation reads or writes, such as Spring's own
	 * {@code ProblemDetail} (replaced by {@value #PROBLEM}) and {@code SseEmitter}.
	 */
	private static void removeUnreferencedSchemas(OpenAPI openApi) {
		Map<String, Schema> schemas = openApi.getComponents().getSchemas();
		boolean removed = true;
		while (removed && schemas != null) {
			String spec = Json.pretty(openApi);
			removed = schemas.keySet().removeIf((name) -> !spec.contains("\"#/components/schemas/" + name + "\""));
		}
	}

	private static void describe(Operation operation, boolean isProtected) {
		if (operation.getParameters() != null) {
			operation.getParameters()
				.removeIf((parameter) -> "header".equals(parameter.getIn())
						&& RESERVED_HEADERS.contains(parameter.getName().toLowerCase(Locale.ROOT)));
			if (operation.getParameters().isEmpty()) {
				operation.setParameters(null);
			}
		}
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		boolean hasInput = operation.getParameters() != null || operation.getRequestBody() != null;
		if (hasInput) {
			responses.putIfAbsent("400", new ApiResponse().description("A value is invalid (invalid-request, with "
					+ "`errors`), or the query string cannot be decoded (invalid-query)"));
		}
		responses.putIfAbsent("429",
				new ApiResponse().description("This client has "
						+ "ganforge.web.max-requests-per-client requests in progress already (too-many-requests), with "
						+ "Retry-After"));
		if (operation.getRequestBody() != null) {
			responses.putIfAbsent("408", new ApiResponse()
				.description("The body did not arrive within " + "ganforge.web.body-read-timeout (request-timeout)"));
			responses.putIfAbsent("413", new ApiResponse()
				.description("The body is larger than " + "ganforge.web.max-body-size (payload-too-large)"));
			responses.putIfAbsent("415",
					new ApiResponse().description("The body is not JSON (unsupported-media-type)"));
		}
		if (isProtected) {
			operation.setSecurity(List.of(new SecurityRequirement().addList(KEY_SCHEME)));
			responses.putIfAbsent("401", new ApiResponse()
				.description("The API key is missing or wrong " + "(unauthorized), with WWW-Authenticate"));
			responses.putIfAbsent("403", new ApiResponse().description("No key is configured and this request "
					+ "is not from this host, or the operator refuses it until one is (api-key-not-configured); "
					+ "or it is from this host but a browser sent it for another site (cross-site-request) or it "
					+ "names another host (host-not-allowed)"));
		}
		responses.forEach((code, response) -> {
			if (code.equals("304")) {
				response.setContent(null);
			}
			if (isError(code)) {
				response.setContent(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
			}
		});
	}

	private static boolean isError(String code) {
		return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
	}

	/** What every error body holds: RFC 9457's members and the ones GANForge adds. */
	private static Schema<?> problem() {
		Schema<?> problem = new ObjectSchema().description("An RFC 9457 problem. `type` names the kind of problem "
				+ "(stable, one URI per kind); `title` is the same for every problem of a kind; `detail` says what "
				+ "went wrong this time and what to do about it. Some kinds add members of their own: `errors` "
				+ "(invalid-request), `field` (malformed-request), `available` (what may be asked instead), "
				+ "`parameter`, `header`, `model` and `reason`.");
		problem.addProperty("type",
				new StringSchema().format("uri").example("https://ganforge.dev/problems/invalid-request"));
		problem.addProperty("title", new StringSchema().example("Invalid request"));
		problem.addProperty("status", new IntegerSchema().format("int32").example(400));
		problem.addProperty("detail",
				new StringSchema().example("The request is invalid: count must be between 1 and 64, was 1000."));
		problem.addProperty("instance", new StringSchema().format("uri-reference").example("/generate"));
		problem.addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldProblem"))
			.description("invalid-request: each invalid value"));
		problem.addProperty("field", new StringSchema().description("malformed-request: where in the body"));
		problem.addProperty("available", new ArraySchema().items(new StringSchema())
			.description("What may be asked instead, such as the models there are"));
		problem.addProperty("parameter", new StringSchema().description("The query parameter at fault"));
		problem.addProperty("header", new StringSchema().description("The header at fault"));
		problem.addProperty("model", new StringSchema().description("The model concerned"));
		problem.addProperty("reason", new StringSchema().description("Why the model cannot be used"));
		problem.setRequired(List.of("type", "title", "status"));
		problem.setAdditionalProperties(Boolean.TRUE);
		return problem;
	}

	private static Schema<?> fieldProblem() {
		Schema<?> field = new ObjectSchema().description("One invalid value");
		field.addProperty("field",
				new StringSchema().description("Its path in the body, or the parameter's name").example("count"));
		field.addProperty("message",
				new StringSchema().description("What is wrong with it").example("must be between 1 and 64"));
		field.setRequired(List.of("field", "message"));
		return field;
	}

}
