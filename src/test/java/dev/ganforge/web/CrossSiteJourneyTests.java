package dev.ganforge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP in the default mode (no API key, mutations from this host only): a page
 * on another site, or on a DNS name rebound to 127.0.0.1, cannot drive the service
 * through the developer's browser, while this host's own pages and clients can.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CrossSiteJourneyTests {

	@TempDir
	static Path dir;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) {
		registry.add("ganforge.models.dir", () -> dir.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> dir.resolve("jobs").toString());
	}

	@Test
	void aCrossSiteCancelIsRefusedBeforeItReachesTheJob() throws IOException {
		String response = send("POST /jobs/some-job/cancel", "localhost:" + this.port,
				"Origin: http://evil.example\r\nSec-Fetch-Site: cross-site\r\n");
		assertThat(response).startsWith("HTTP/1.1 403").contains("https://ganforge.dev/problems/cross-site-request");
	}

	@Test
	void aRequestNamingAReboundHostIsRefused() throws IOException {
		String response = send("POST /jobs", "rebinding.example:" + this.port,
				"Content-Type: application/json\r\nContent-Length: 2\r\n");
		assertThat(response).startsWith("HTTP/1.1 403").contains("https://ganforge.dev/problems/host-not-allowed");
	}

	@Test
	void thisHostsOwnPagesAndClientsStillGetThrough() throws IOException {
		// Past the guard, the job does not exist: 404, not 403.
		assertThat(send("POST /jobs/some-job/cancel", "localhost:" + this.port,
				"Origin: http://localhost:" + this.port + "\r\nSec-Fetch-Site: same-origin\r\n"))
			.startsWith("HTTP/1.1 404");
		assertThat(send("POST /jobs/some-job/cancel", "127.0.0.1:" + this.port, "")).startsWith("HTTP/1.1 404");
		assertThat(send("GET /jobs", "rebinding.example:" + this.port, "Sec-Fetch-Site: cross-site\r\n"))
			.as("reads are open to anyone anyway")
			.startsWith("HTTP/1.1 200");
	}

	private String send(String requestLine, String host, String headers) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			boolean hasBody = headers.contains("Content-Length: 2");
			out.write((requestLine + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers
					+ (hasBody ? "" : "Content-Length: 0\r\n") + "Connection: close\r\n\r\n" + (hasBody ? "{}" : ""))
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
