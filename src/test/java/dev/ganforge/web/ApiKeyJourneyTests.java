package dev.ganforge.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.ganforge.generation.GenerationFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key over real HTTP with the default groups: reads and generation open,
 * mutations need the key, which here comes from the environment
 * ({@code GANFORGE_API_KEY}) and never shows up in the logs, even at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.dev.ganforge=DEBUG", "logging.level.org.springframework.web=DEBUG" })
@ContextConfiguration(initializers = ApiKeyJourneyTests.Environment.class)
class ApiKeyJourneyTests {

	static final String KEY = "env-key-3f9c1a7e52d84b06";

	/** A second key in the same variable, comma separated: for rotation. */
	static final String SECOND_KEY = "second-key-0a1b2c3d4e5f";

	private static final String WRONG_KEY = "env-key-3f9c1a7e52d84b07";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path modelsDir;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	SecuritySettings settings;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) throws IOException {
		if (modelsDir == null) {
			modelsDir = Files.createTempDirectory("ganforge-api-key");
			GenerationFixtures.writeTinyModel(modelsDir.resolve("models"), "tiny");
		}
		registry.add("ganforge.models.dir", () -> modelsDir.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> modelsDir.resolve("jobs").toString());
	}

	@Test
	void readsAndGenerationAreOpen() {
		assertThat(send("GET", "/models", null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/models/tiny", null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/jobs", null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/generate?seed=3", null, null).statusCode()).isEqualTo(200);
		assertThat(send("POST", "/generate", "{\"seed\":3,\"format\":\"json\"}", null).statusCode()).isEqualTo(200);
		assertThat(send("POST", "/interpolate", "{\"from\":{\"seed\":1},\"to\":{\"seed\":2},\"steps\":3}", null)
			.statusCode()).isEqualTo(200);
		assertThat(send("POST", "/latents/arithmetic", "{\"terms\":[{\"seed\":1},{\"seed\":2,\"weight\":-1}]}", null)
			.statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "POST|/jobs|{\"modelName\":\"tiny\",\"dataset\":\"synthetic:64\"}",
					"POST|/jobs/0000abcd-123456/cancel|", "POST|/jobs/nosuchjob/resume|", "DELETE|/models/tiny|",
					"DELETE|/models/nosuchmodel|", "POST|/models/tiny/evaluations|{}",
					"PUT|/models/default|{\"name\":\"tiny\"}", "POST|/no/such/endpoint|{}", "DELETE|/jobs|",
					"PATCH|/models/tiny|{}", "POST|/actuator/shutdown|" })
	void mutationsWithoutTheKeyAre401WhetherOrNotTheyExist(String method, String path, String body) {
		HttpResponse<String> missing = send(method, path, body, null);
		assertUnauthorized(missing);
		assertThat(json(missing).path("detail").asString())
			.isEqualTo("This request needs an API key in the X-API-Key header.");
		HttpResponse<String> wrong = send(method, path, body, WRONG_KEY);
		assertUnauthorized(wrong);
		assertThat(json(wrong).path("detail").asString())
			.isEqualTo("The API key in the X-API-Key header is not valid.");
		assertUnauthorized(send(method, path, body, ""));
		assertUnauthorized(send(method, path, body, KEY.substring(0, KEY.length() - 1)));
		assertUnauthorized(send(method, path, body, KEY + "0"));
		assertUnauthorized(send(method, path, body, KEY.toUpperCase(java.util.Locale.ROOT)));
		// A resource that exists and one that does not get the same answer.
		JsonNode here = json(send(method, path, body, null));
		JsonNode nowhere = json(send(method, "/nothing/here", body, null));
		for (String field : new String[] { "type", "title", "status", "detail" }) {
			assertThat(here.get(field)).isEqualTo(nowhere.get(field));
		}
	}

	@Test
	void theKeyFromTheEnvironmentLetsMutationsThrough() {
		HttpResponse<String> delete = send("DELETE", "/models/nosuchmodel", null, KEY);
		assertThat(delete.statusCode()).isEqualTo(404);
		assertThat(json(delete).path("type").asString()).endsWith("/model-not-found");
		assertThat(send("POST", "/jobs/0000abcd-123456/cancel", null, KEY).statusCode()).isEqualTo(404);
		HttpResponse<String> submit = send("POST", "/jobs", "{\"modelName\":\"../x\"}", KEY);
		assertThat(submit.statusCode()).isEqualTo(400);
		// The second configured key (rotation) works as well.
		assertThat(send("DELETE", "/models/nosuchmodel", null, SECOND_KEY).statusCode()).isEqualTo(404);
	}

	@Test
	void theKeyIsNeverLoggedNorExposed(CapturedOutput output) {
		send("DELETE", "/models/nosuchmodel", null, KEY);
		send("POST", "/jobs", "{\"modelName\":\"x\",\"epochs\":-1}", KEY);
		send("POST", "/jobs/nosuchjob/cancel", null, WRONG_KEY);
		send("GET", "/models", null, KEY);
		assertThat(send("GET", "/actuator/env", null, KEY).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/actuator/configprops", null, KEY).statusCode()).isEqualTo(404);
		assertThat(send("GET", "/actuator/env/GANFORGE_API_KEY", null, KEY).statusCode()).isEqualTo(404);
		assertThat(this.settings.apiKeys()).contains(KEY);
		assertThat(this.settings.toString()).doesNotContain(KEY).doesNotContain(SECOND_KEY).contains("2 configured");
		assertThat(output.getAll()).contains("API key required for mutations (header X-API-Key, 2 key(s) configured)")
			.contains("Refused POST /jobs/nosuchjob/cancel")
			.doesNotContain(KEY)
			.doesNotContain(WRONG_KEY)
			.doesNotContain(SECOND_KEY);
	}

	private static void assertUnauthorized(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey header=\"X-API-Key\"");
		JsonNode problem = json(response);
		assertThat(problem.path("type").asString()).isEqualTo("https://ganforge.dev/problems/unauthorized");
		assertThat(problem.path("status").asInt()).isEqualTo(401);
	}

	private HttpResponse<String> send(String method, String path, String body, String key) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (key != null) {
			request.header("X-API-Key", key);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/**
	 * Puts {@code GANFORGE_API_KEY} where the operating system's environment is read
	 * from, as a container or a systemd unit would set it.
	 */
	static final class Environment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource("testEnvironment",
								Map.of("GANFORGE_API_KEY", KEY + "," + SECOND_KEY)));
		}

	}

}
