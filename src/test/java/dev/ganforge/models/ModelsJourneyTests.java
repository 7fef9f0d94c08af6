package dev.ganforge.models;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: the service serves the models it finds, describes and deletes them, and
 * documents the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.show-details=always")
class ModelsJourneyTests {

	@TempDir
	static Path modelsDir;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		registry.add("ganforge.models.dir", () -> modelsDir.toString());
	}

	@BeforeAll
	static void writeModels() {
		ModelFixtures.writeModel(modelsDir, "keeper", 5);
		ModelFixtures.writeModel(modelsDir, "doomed", 9);
		ModelFixtures.setFormatVersion(ModelFixtures.writeModel(modelsDir, "broken", 1), 99);
	}

	@Test
	void listDescribeAndDeleteModels() throws Exception {
		HttpResponse<String> list = send("GET", "/models?size=2");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("\"totalElements\":3", "\"totalPages\":2", "\"name\":\"broken\"",
				"\"status\":\"FAILED\"", "\"name\":\"doomed\"", "\"isDefault\":true");

		HttpResponse<String> doomed = send("GET", "/models/doomed");
		assertThat(doomed.statusCode()).isEqualTo(200);
		assertThat(doomed.body()).contains("\"step\":9", "\"manifest\":{", "\"sha256\"");

		assertThat(send("DELETE", "/models/doomed").statusCode()).isEqualTo(204);
		HttpResponse<String> gone = send("GET", "/models/doomed");
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(gone.body()).contains("\"type\":\"https://ganforge.dev/problems/model-not-found\"",
				"Available: broken, keeper");
		assertThat(modelsDir.resolve("doomed")).doesNotExist();
		assertThat(modelsDir.resolve(ModelRegistry.ARCHIVE)).isDirectory();

		HttpResponse<String> health = send("GET", "/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"models\":{", "\"ready\":1", "\"broken\":", "\"default\":\"keeper\"");
	}

	@Test
	void theApiIsDocumented() throws Exception {
		HttpResponse<String> docs = send("GET", "/v3/api-docs");
		assertThat(docs.statusCode()).isEqualTo(200);
		assertThat(docs.body()).contains("\"title\":\"GANForge\"", "\"/models\"", "\"/models/{name}\"", ".archive",
				"application/problem+json");
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
