package dev.ganforge.models;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import dev.ganforge.checkpoint.CheckpointStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP: a model whose parameter file was corrupted on disk is listed FAILED
 * with the reason and refused with a problem, while the other models go on serving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CorruptModelJourneyTests {

	@TempDir
	static Path modelsDir;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) {
		registry.add("ganforge.models.dir", () -> modelsDir.toString());
		registry.add("ganforge.models.default-model", () -> "healthy");
	}

	@BeforeAll
	static void writeModels() {
		ModelFixtures.writeModel(modelsDir, "healthy", 3);
		Path corrupt = ModelFixtures.writeModel(modelsDir, "corrupt", 4);
		ModelFixtures.flipByte(corrupt.resolve(CheckpointStore.GENERATOR), 100);
		Path wrongTypes = ModelFixtures.writeModel(modelsDir, "wrong-types", 5);
		try {
			Path manifest = wrongTypes.resolve(CheckpointStore.MANIFEST);
			java.nio.file.Files.writeString(manifest,
					java.nio.file.Files.readString(manifest).replaceFirst("\"step\"\\s*:\\s*5", "\"step\": null"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void aManifestThatCannotBeReadSaysWhichFieldWithoutTheParsersAdvice() throws Exception {
		HttpResponse<String> model = send("GET", "/models/wrong-types", null, "application/json");
		assertThat(model.statusCode()).isEqualTo(200);
		assertThat(model.body()).contains("\"status\":\"FAILED\"", "field step: Cannot map `null` into type `long`")
			.doesNotContain("DeserializationFeature", "through reference chain", "[Source:", "Jackson",
					modelsDir.toString());
	}

	@Test
	void aCorruptModelIsFailedWithTheReasonAndTheOthersServe() throws Exception {
		HttpResponse<String> corrupt = send("GET", "/models/corrupt", null, "application/json");
		assertThat(corrupt.statusCode()).isEqualTo(200);
		assertThat(corrupt.body()).contains("\"status\":\"FAILED\"").containsIgnoringCase("corrupt");

		HttpResponse<String> refused = send("POST", "/generate", "{\"model\":\"corrupt\",\"seed\":1}",
				"image/png, application/problem+json");
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("/model-unavailable");

		for (String body : new String[] { "{\"model\":\"healthy\",\"seed\":1,\"count\":4}", "{\"seed\":2}" }) {
			HttpResponse<String> served = send("POST", "/generate", body, "image/png");
			assertThat(served.statusCode()).as(body).isEqualTo(200);
			assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
		}
		HttpResponse<String> interpolated = send("POST", "/interpolate",
				"{\"model\":\"healthy\",\"from\":{\"seed\":1},\"to\":{\"seed\":2},\"steps\":4}", "image/png");
		assertThat(interpolated.statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> send(String method, String path, String json, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept);
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(
				request
					.method(method,
							(json != null) ? HttpRequest.BodyPublishers.ofString(json)
									: HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
