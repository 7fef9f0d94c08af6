package dev.ganforge.docker;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.cluster.yml} brings up a working cluster: PostgreSQL, two api
 * nodes behind HAProxy and a worker node on shared volumes. A job submitted through the
 * load balancer is trained by the worker (the api nodes never train), read through either
 * api node, and its model is served through the load balancer. Where Docker Hub is out of
 * reach (CI: {@code GANFORGE_DEBIAN_IMAGE} set by .ci/docker-prepare.sh) PostgreSQL and
 * HAProxy are built from Debian's packages on the local Debian image.
 */
@Tag("container")
@EnabledIf(value = "dev.ganforge.docker.ServiceContainers#dockerAvailable",
		disabledReason = ServiceContainers.NO_DOCKER)
class ClusterComposeTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@TempDir
	Path datasets;

	@Test
	void aJobThroughTheLoadBalancerTrainsOnTheWorkerAndItsModelIsServedByTheApiNodes() throws Exception {
		Map<String, String> env = new HashMap<>();
		env.put("GANFORGE_IMAGE", ServiceContainers.image());
		String debian = System.getenv("GANFORGE_DEBIAN_IMAGE");
		if (debian != null && !debian.isBlank()) {
			env.put("GANFORGE_POSTGRES_IMAGE", localImage("postgres", debian));
			env.put("GANFORGE_LB_IMAGE", localImage("haproxy", debian));
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		env.put("GANFORGE_PORT", String.valueOf(port));
		env.put("GANFORGE_API_KEY", ServiceContainers.API_KEY);
		env.put("GANFORGE_DATASETS", this.datasets.toString());
		env.put("GANFORGE_CPUS", "1");
		String project = "ganforge-cluster-" + UUID.randomUUID().toString().substring(0, 8);
		try {
			compose(project, env, "up", "-d", "--no-build");
			URI lb = URI.create("http://localhost:" + port);
			await(() -> status(get(lb, "/actuator/health/readiness")) == 200, Duration.ofMinutes(4),
					() -> "the cluster's readiness through the load balancer");

			String body = """
					{"modelName":"cluster-tiny","dataset":"synthetic:64","architecture":"gan","imageSize":16,
					 "nz":8,"ngf":16,"ndf":16,"batchSize":16,"steps":30}""";
			HttpResponse<String> submitted = send(lb, "POST", "/jobs", body);
			assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
			String id = JSON.readTree(submitted.body()).get("id").asString();
			await(() -> "SUCCEEDED".equals(jobStatus(lb, id)), Duration.ofMinutes(4),
					() -> "job " + id + " to succeed; it is " + jobStatus(lb, id));
			// Round robin: several reads reach both api nodes, and each finds the job.
			for (int i = 0; i < 4; i++) {
				assertThat(jobStatus(lb, id)).isEqualTo("SUCCEEDED");
			}

			String worker = compose(project, env, "logs", "--no-color", "worker");
			String apis = compose(project, env, "logs", "--no-color", "api-1", "api-2");
			assertThat(worker).contains("Job " + id + " started in worker process");
			assertThat(apis).doesNotContain("started in worker process");

			await(() -> status(send(lb, "POST", "/generate", "{\"model\":\"cluster-tiny\",\"seed\":1}")) == 200,
					Duration.ofMinutes(1), () -> "the new model to be served through the load balancer");
		}
		catch (AssertionError | Exception ex) {
			System.err.println(compose(project, env, "logs", "--no-color", "--tail", "200"));
			throw ex;
		}
		finally {
			compose(project, env, "down", "-v", "--timeout", "20");
		}
	}

	/** Builds the Debian-based image of a service of the compose file once. */
	private static String localImage(String service, String debian) throws Exception {
		String tag = "ganforge/" + service + ":" + debian.substring(debian.indexOf(':') + 1);
		if (run(List.of("docker", "image", "inspect", tag), Map.of(), Duration.ofMinutes(1)).exitCode() != 0) {
			Result build = run(
					List.of("docker", "build", "--cpu-shares", "128", "--build-arg", "DEBIAN_IMAGE=" + debian, "-t",
							tag, "-f", "docker/" + service + ".Dockerfile", "docker"),
					Map.of(), Duration.ofMinutes(10));
			assertThat(build.exitCode()).as("docker build of %s: %s", tag, build.output()).isZero();
		}
		return tag;
	}

	private static String compose(String project, Map<String, String> env, String... args) {
		List<String> command = new ArrayList<>(
				List.of("docker-compose", "-p", project, "-f", "docker-compose.cluster.yml"));
		command.addAll(List.of(args));
		try {
			Result result = run(command, env, Duration.ofMinutes(6));
			assertThat(result.exitCode()).as("%s: %s", String.join(" ", command), result.output()).isZero();
			return result.output();
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(String.join(" ", command) + " failed", ex);
		}
	}

	private static Result run(List<String> command, Map<String, String> env, Duration timeout)
			throws IOException, InterruptedException {
		Path output = Files.createTempFile("ganforge-compose", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(env);
			Process process = builder.start();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Result(-1, "timed out: " + Files.readString(output));
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	private static String jobStatus(URI lb, String id) {
		HttpResponse<String> job = get(lb, "/jobs/" + id);
		if (job == null || job.statusCode() != 200) {
			return "HTTP " + status(job);
		}
		JsonNode node = JSON.readTree(job.body());
		return node.get("status").asString();
	}

	private static HttpResponse<String> get(URI lb, String path) {
		return send(lb, "GET", path, null);
	}

	private static HttpResponse<String> send(URI lb, String method, String path, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(lb.resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("X-API-Key", ServiceContainers.API_KEY);
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		try {
			return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int status(HttpResponse<String> response) {
		return (response != null) ? response.statusCode() : -1;
	}

	private static void await(Check check, Duration timeout, Description what) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!check.holds()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what.text());
			}
			Thread.sleep(1000);
		}
	}

	@FunctionalInterface
	private interface Check {

		boolean holds() throws Exception;

	}

	@FunctionalInterface
	private interface Description {

		String text() throws Exception;

	}

	private record Result(int exitCode, String output) {
	}

}
