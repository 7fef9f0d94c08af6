package dev.ganforge.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Limits over real HTTP, on a service without an API key: the body size limit (declared
 * and streamed), the free disk space a job needs, and mutations accepted from this host
 * only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ganforge.web.max-body-size=4KB", "ganforge.jobs.min-free-disk=1000000TB" })
class LimitsJourneyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path root;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) throws IOException {
		if (root == null) {
			root = Files.createTempDirectory("ganforge-limits");
		}
		registry.add("ganforge.models.dir", () -> root.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> root.resolve("jobs").toString());
	}

	@Test
	void aBodyOverTheLimitIs413WhetherDeclaredOrStreamed() throws Exception {
		String big = "{\"seed\":1,\"model\":\"" + "x".repeat(5_000) + "\"}";
		HttpResponse<String> declared = send(HttpRequest.newBuilder(uri("/generate"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(big)));
		assertProblem(declared, 413, "payload-too-large");
		assertThat(json(declared).path("detail").asString())
			.isEqualTo("The request body is larger than the limit of 4 KB.");
		// No Content-Length: sent chunked, counted while it is read.
		HttpResponse<String> streamed = send(HttpRequest.newBuilder(uri("/generate"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
		assertProblem(streamed, 413, "payload-too-large");
		HttpResponse<String> small = send(HttpRequest.newBuilder(uri("/generate"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream("{\"seed\":1,\"model\":\"nope\"}".getBytes()))));
		assertProblem(small, 404, "model-not-found");
	}

	@Test
	void aJobIsRefusedWhenTheDiskIsTooFullAndNothingIsQueued() throws Exception {
		// No key configured, and this request comes from this host: it reaches the
		// service.
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jobs"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"modelName\":\"roomy\",\"dataset\":\"synthetic:64\"}")));
		assertProblem(response, 507, "insufficient-storage");
		assertThat(json(response).path("detail").asString()).contains("ganforge.jobs.min-free-disk")
			.contains("nothing was queued")
			.doesNotContain(root.toString());
		assertThat(json(send(HttpRequest.newBuilder(uri("/jobs")).GET())).path("totalElements").asInt()).isZero();
	}

	@Test
	void withoutAKeyMutationsFromAnotherHostAre403() throws Exception {
		Optional<InetAddress> external = NetworkInterface.networkInterfaces().filter((nic) -> {
			try {
				return nic.isUp() && !nic.isLoopback();
			}
			catch (IOException ex) {
				return false;
			}
		})
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLinkLocalAddress())
			.findFirst();
		assumeTrue(external.isPresent(), "no non-loopback IPv4 address to connect from");
		// Connecting to this host's own network address makes the peer that address, not
		// 127.0.0.1: as a request from elsewhere on the network would be.
		URI uri = URI.create("http://" + external.get().getHostAddress() + ":" + this.port + "/models/anything");
		HttpResponse<String> delete = send(HttpRequest.newBuilder(uri).DELETE());
		assertProblem(delete, 403, "api-key-not-configured");
		assertThat(json(delete).path("detail").asString()).contains("GANFORGE_API_KEY");
		HttpResponse<String> read = send(HttpRequest.newBuilder(uri).GET());
		assertThat(read.statusCode()).isEqualTo(404);
		assertThat(send(HttpRequest.newBuilder(uri("/models/anything")).DELETE()).statusCode()).isEqualTo(404);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status, String kind) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json(response).path("type").asString()).isEqualTo("https://ganforge.dev/problems/" + kind);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
