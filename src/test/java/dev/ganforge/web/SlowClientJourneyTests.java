package dev.ganforge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real sockets, clients that send their bodies slowly or never: they are answered
 * within bounded times, one client cannot hold more than its share of worker threads, and
 * the liveness probe answers throughout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ganforge.web.max-requests-per-client=4", "ganforge.web.body-read-timeout=2s",
				"server.tomcat.connection-timeout=1s", "server.tomcat.threads.max=10" })
class SlowClientJourneyTests {

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
	void stalledBodiesCannotTakeEveryThreadAndHealthKeepsAnswering() throws Exception {
		List<Socket> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < 30; i++) {
				stalled.add(partialBody(100, 4));
			}
			long start = System.nanoTime();
			HttpResponse<String> liveness = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/liveness"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(liveness.statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			List<String> answers = new ArrayList<>();
			for (Socket socket : stalled) {
				answers.add(answer(socket, Duration.ofSeconds(8)));
			}
			assertThat(answers).as("beyond 4 at once, refused at once")
				.filteredOn((answer) -> answer.startsWith("HTTP/1.1 429"))
				.hasSizeGreaterThanOrEqualTo(20)
				.allMatch((answer) -> answer.contains("too-many-requests") && answer.contains("Retry-After: 1"));
			assertThat(answers).as("every stalled request is answered or closed, none waits for ever")
				.allMatch((answer) -> !answer.equals("no answer"));
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
	}

	@Test
	void aBodyTricklingInIsCutOffAfterTheBodyTimeout() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(head(40).getBytes(StandardCharsets.US_ASCII));
			long start = System.nanoTime();
			String answer = null;
			// One byte every 500 ms: within the 1 s between bytes, not within 2 s in all.
			for (int i = 0; i < 40 && answer == null; i++) {
				try {
					out.write(' ');
					out.flush();
				}
				catch (IOException ex) {
					break;
				}
				Thread.sleep(500);
				if (socket.getInputStream().available() > 0) {
					answer = new String(socket.getInputStream().readNBytes(socket.getInputStream().available()),
							StandardCharsets.UTF_8);
				}
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).isLessThan(Duration.ofSeconds(6));
			if (answer != null) {
				assertThat(answer).startsWith("HTTP/1.1 408").contains("request-timeout");
			}
		}
	}

	@Test
	void aClientThatStopsSendingIsCutOffAfterTheByteTimeout() throws Exception {
		try (Socket socket = partialBody(100, 4)) {
			long start = System.nanoTime();
			String answer = answer(socket, Duration.ofSeconds(8));
			assertThat(answer).isNotEqualTo("no answer");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	private Socket partialBody(int declared, int sent) throws IOException {
		Socket socket = new Socket("localhost", this.port);
		OutputStream out = socket.getOutputStream();
		out.write((head(declared) + "{\"a\"".substring(0, sent)).getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private String head(int contentLength) {
		return "POST /generate HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
	}

	/** What the server wrote before closing, or "closed" for nothing, within a time. */
	private static String answer(Socket socket, Duration within) throws IOException {
		socket.setSoTimeout((int) within.toMillis());
		try {
			InputStream in = socket.getInputStream();
			byte[] bytes = in.readAllBytes();
			return (bytes.length == 0) ? "closed" : new String(bytes, StandardCharsets.UTF_8);
		}
		catch (SocketTimeoutException ex) {
			return "no answer";
		}
		catch (IOException ex) {
			return "closed";
		}
	}

}
