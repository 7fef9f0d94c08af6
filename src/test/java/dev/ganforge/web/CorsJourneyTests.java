package dev.ganforge.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS over real HTTP: off by default, and on for exactly the configured origins.
 */
class CorsJourneyTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) {
		registry.add("ganforge.models.dir", () -> dir.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> dir.resolve("jobs").toString());
	}

	static HttpResponse<String> preflight(int port, String origin) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/jobs"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", origin)
				.header("Access-Control-Request-Method", "POST")
				.header("Access-Control-Request-Headers", "content-type,x-api-key")
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
	class ByDefault {

		@LocalServerPort
		int port;

		@Test
		void noOriginIsAllowed() throws Exception {
			HttpResponse<String> response = preflight(this.port, "https://dashboard.example");
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "ganforge.web.cors-allowed-origins=https://dashboard.example")
	class Configured {

		@LocalServerPort
		int port;

		@Test
		void theConfiguredOriginMaySendTheKeyAndNoOtherMay() throws Exception {
			HttpResponse<String> allowed = preflight(this.port, "https://dashboard.example");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
				.hasValue("https://dashboard.example");
			assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
				.contains("x-api-key");
			HttpResponse<String> other = preflight(this.port, "https://evil.example");
			assertThat(other.statusCode()).isEqualTo(403);
			assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		}

	}

}
