package dev.ganforge.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client of the jobs API for tests over a real port.
 */
final class JobsClient {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** A job that trains in well under a second once its worker is up. */
	static final String TINY = "{\"dataset\":\"synthetic:64\",\"architecture\":\"gan\",\"imageSize\":16,"
			+ "\"nz\":8,\"ngf\":16,\"ndf\":16,\"batchSize\":16,\"seed\":7,\"sampleEvery\":10,\"snapshotEvery\":10,";

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	JobsClient(int port) {
		this.port = port;
	}

	/** A tiny job's body: {@link #TINY} with a model name and a step count. */
	static String tiny(String model, long steps) {
		return TINY + "\"modelName\":\"" + model + "\",\"steps\":" + steps + "}";
	}

	HttpResponse<byte[]> get(String path) {
		return send(request(path).GET().build());
	}

	HttpResponse<byte[]> get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET().build());
	}

	HttpResponse<byte[]> send(String method, String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<byte[]> post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	JsonNode json(HttpResponse<byte[]> response) {
		return JSON.readTree(response.body());
	}

	/** Submits a job and returns its id, failing unless the answer is 202. */
	String submit(String body) {
		HttpResponse<byte[]> response = post("/jobs", body);
		if (response.statusCode() != 202) {
			throw new AssertionError("Submit answered " + response.statusCode() + ": " + new String(response.body()));
		}
		return json(response).get("id").asString();
	}

	JsonNode job(String id) {
		return json(get("/jobs/" + id));
	}

	/** Polls a job until the condition holds, failing after the timeout. */
	JsonNode await(String id, Predicate<JsonNode> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		JsonNode job = job(id);
		while (!condition.test(job)) {
			boolean stopped = !job.get("status").asString().matches("QUEUED|RUNNING");
			if (System.nanoTime() > deadline || stopped) {
				throw new AssertionError(
						(stopped ? "Job stopped before the condition held: " : "Timed out waiting for job ") + id
								+ "; it is " + job + "; log: " + new String(get("/jobs/" + id + "/log").body()));
			}
			sleep(100);
			job = job(id);
		}
		return job;
	}

	JsonNode awaitStatus(String id, String status) {
		return await(id, (job) -> job.get("status").asString().equals(status), Duration.ofMinutes(3));
	}

	static long step(JsonNode job) {
		return job.get("progress").get("step").asLong();
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
	}

	private HttpResponse<byte[]> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
