package dev.ganforge.contract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description is a contract: {@code docs/openapi.json} is what the service
 * serves at {@code /v3/api-docs}, and the build generates the client that
 * {@link GeneratedClientJourneyTests} drives from that file. A change to the API shows
 * here as a failing comparison until the file is regenerated and its diff reviewed:
 * {@code ./mvnw test -Dtest=OpenApiContractTests -Dganforge.contract.update=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

	static final Path CONTRACT = Path.of("docs/openapi.json");

	/** The server the committed contract names: the default local deployment. */
	static final String SERVER = "http://localhost:8080";

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(SerializationFeature.INDENT_OUTPUT)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	@TempDir
	static Path dir;

	@LocalServerPort
	int port;

	private static JsonNode served;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) {
		registry.add("ganforge.models.dir", () -> dir.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> dir.resolve("jobs").toString());
	}

	@Test
	void theServedDescriptionIsTheCommittedContract() throws Exception {
		String actual = normalised(served());
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/openapi-served.json"), actual);
		if (Boolean.getBoolean("ganforge.contract.update")) {
			Files.writeString(CONTRACT, actual);
		}
		assertThat(actual)
			.as("/v3/api-docs differs from %s (the served one is in target/openapi-served.json): if the change is "
					+ "meant, run ./mvnw test -Dtest=OpenApiContractTests -Dganforge.contract.update=true and review "
					+ "the diff", CONTRACT)
			.isEqualTo(Files.readString(CONTRACT));
	}

	@Test
	void everyOperationHasAnIdASummaryATagAndADeclaredSuccess() throws Exception {
		List<String> ids = new ArrayList<>();
		for (Operation operation : operations(served())) {
			JsonNode node = operation.node();
			assertThat(node.path("operationId").asString()).as(operation.name()).matches("[a-z][A-Za-z]+");
			ids.add(node.get("operationId").asString());
			assertThat(node.path("summary").asString()).as(operation.name()).isNotBlank();
			assertThat(node.path("tags")).as(operation.name()).hasSize(1);
			assertThat(node.path("tags").get(0).asString()).as(operation.name()).matches("[A-Z][a-z]+( [a-z]+)*");
			List<String> codes = new ArrayList<>(node.get("responses").propertyNames());
			assertThat(codes).as(operation.name()).anyMatch((code) -> code.startsWith("2"));
		}
		assertThat(ids).doesNotHaveDuplicates();
		assertThat(served().get("paths").has("/error")).as("the container's error page is no operation").isFalse();
	}

	@Test
	void everyErrorIsAProblemAndEverySuccessHasATypedBody() throws Exception {
		for (Operation operation : operations(served())) {
			for (Map.Entry<String, JsonNode> response : operation.node().get("responses").properties()) {
				String where = operation.name() + " " + response.getKey();
				JsonNode content = response.getValue().path("content");
				if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
					assertThat(content.propertyNames()).as(where).containsExactly("application/problem+json");
					assertThat(content.get("application/problem+json").get("schema").get("$ref").asString()).as(where)
						.isEqualTo("#/components/schemas/Problem");
				}
				else if (response.getKey().equals("200")) {
					assertThat(content.propertyNames()).as(where).isNotEmpty().doesNotContain("*/*");
					content.properties()
						.forEach((media) -> assertThat(media.getValue().path("schema").isMissingNode())
							.as(where + " " + media.getKey() + " has a schema")
							.isFalse());
				}
			}
		}
		JsonNode problem = served().get("components").get("schemas").get("Problem");
		assertThat(problem.get("properties").propertyNames()).contains("type", "title", "status", "detail", "instance",
				"errors", "available", "field");
		assertThat(problem.get("properties").has("properties")).isFalse();
		assertThat(served().get("components").get("schemas").has("SseEmitter")).isFalse();
	}

	@Test
	void mutationsDeclareTheApiKeyAndReadsDoNot() throws Exception {
		for (Operation operation : operations(served())) {
			boolean mutation = !operation.method().equals("get") && !operation.path().equals("/generate")
					&& !operation.path().equals("/interpolate") && !operation.path().equals("/latents/arithmetic");
			JsonNode security = operation.node().path("security");
			if (mutation) {
				assertThat(security.get(0).has("apiKey")).as(operation.name()).isTrue();
				assertThat(operation.node().get("responses").has("401")).as(operation.name()).isTrue();
			}
			else {
				assertThat(security.isMissingNode()).as(operation.name()).isTrue();
			}
		}
	}

	@Test
	void headersOpenApiIgnoresAreNotParameters() throws Exception {
		for (Operation operation : operations(served())) {
			for (JsonNode parameter : operation.node().path("parameters")) {
				if (parameter.get("in").asString().equals("header")) {
					assertThat(parameter.get("name").asString().toLowerCase()).as(operation.name())
						.isNotIn("accept", "content-type", "authorization");
				}
			}
		}
	}

	@Test
	void theJobFormIsPrefilledWithAJobThatFinishes() throws Exception {
		JsonNode submit = served().get("paths").get("/jobs").get("post");
		JsonNode examples = submit.get("requestBody").get("content").get("application/json").get("examples");
		assertThat(examples.size()).isPositive();
		examples.forEach((example) -> {
			JsonNode job = example.get("value");
			assertThat(job.has("modelName")).isTrue();
			assertThat(job.path("epochs").asInt(0)).isLessThanOrEqualTo(5);
		});
	}

	private JsonNode served() throws IOException, InterruptedException {
		if (served == null) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v3/api-docs")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			served = JSON.readTree(response.body());
		}
		return served;
	}

	/**
	 * The description as committed: keys sorted, and the server the one a default local
	 * deployment listens on rather than this test's random port.
	 */
	static String normalised(JsonNode spec) {
		ObjectNode copy = (ObjectNode) spec.deepCopy();
		copy.putArray("servers")
			.addObject()
			.put("url", SERVER)
			.put("description", "The default local deployment (./mvnw spring-boot:run)");
		return JSON.writeValueAsString(JSON.treeToValue(copy, Object.class)) + "\n";
	}

	private static List<Operation> operations(JsonNode spec) {
		List<Operation> operations = new ArrayList<>();
		spec.get("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.properties()
				.forEach((method) -> operations.add(new Operation(path.getKey(), method.getKey(), method.getValue()))));
		return operations;
	}

	private record Operation(String path, String method, JsonNode node) {

		String name() {
			return this.method.toUpperCase() + " " + this.path;
		}

	}

}
