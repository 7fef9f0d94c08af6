package dev.ganforge.jobs;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ganforge.GanForgeApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several nodes on one PostgreSQL and one shared directory, each a whole service in this
 * JVM: an {@code api} node that never trains and {@code worker} nodes that claim jobs.
 */
class ClusterJourneyTests {

	@RegisterExtension
	static final PostgresServer.PerClass database = new PostgresServer.PerClass();

	@TempDir
	Path shared;

	@BeforeEach
	void emptyQueue() {
		database.get().emptyJobs();
	}

	@Test
	void aJobSubmittedOnTheApiNodeTrainsOnAWorkerAndIsReadAndCancelledFromTheApiNode() throws Exception {
		try (ConfigurableApplicationContext api = node("api"); ConfigurableApplicationContext worker = node("worker")) {
			JobsClient front = client(api);
			String id = front.submit(JobsClient.tiny("cluster-cancel", 1_000_000));
			CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> events(front, id));
			JsonNode running = front.await(id, (job) -> JobsClient.step(job) >= 20, Duration.ofMinutes(2));
			assertThat(running.get("status").asString()).isEqualTo("RUNNING");
			assertThat(client(worker).job(id).get("status").asString()).isEqualTo("RUNNING");

			long asked = System.nanoTime();
			assertThat(front.post("/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(202);
			JsonNode cancelled = front.awaitStatus(id, "CANCELLED");
			assertThat((System.nanoTime() - asked) / 1e9).as("seconds from cancel to CANCELLED").isLessThan(10);
			assertThat(cancelled.get("attempts").asInt()).isEqualTo(1);
			List<String> seen = events.get(30, TimeUnit.SECONDS);
			assertThat(seen).as("the api node's stream of a job a worker runs")
				.contains("progress", "samples", "snapshot");
			assertThat(seen.get(seen.size() - 1)).isEqualTo("status:CANCELLED");
		}
	}

	/**
	 * The events of a job's stream until it ends: names, and each status with its value.
	 */
	private static List<String> events(JobsClient client, String id) {
		List<String> names = new ArrayList<>();
		try {
			HttpResponse<InputStream> stream = HttpClient.newHttpClient()
				.send(client.request("/jobs/" + id + "/events").header("Accept", "text/event-stream").GET().build(),
						HttpResponse.BodyHandlers.ofInputStream());
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
				String name = null;
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.startsWith("event:")) {
						name = line.substring(6).strip();
					}
					else if (line.startsWith("data:")) {
						names.add("status".equals(name)
								? "status:" + JobsClient.JSON.readTree(line.substring(5)).get("status").asString()
								: name);
					}
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return names;
	}

	@Test
	void jobsOnTwoWorkersRunEachExactlyOnceAndAWorkerThatStopsHandsItsJobOn() throws Exception {
		try (ConfigurableApplicationContext api = node("api");
				ConfigurableApplicationContext a = node("worker");
				ConfigurableApplicationContext b = node("worker")) {
			JobsClient front = client(api);
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				ids.add(front.submit(JobsClient.tiny("cluster-" + i, 30)));
			}
			for (String id : ids) {
				JsonNode done = front.awaitStatus(id, "SUCCEEDED");
				assertThat(done.get("attempts").asInt()).as("attempts of %s", id).isEqualTo(1);
				assertThat(stepsOf(front, id)).as("history of %s", id).isEqualTo(range(1, 30));
			}
			// The api node serves the journal from the database, row for row what the
			// worker wrote to the run directory.
			String first = ids.get(0);
			assertThat(new String(front.get("/jobs/" + first + "/losses.csv").body(), StandardCharsets.UTF_8))
				.isEqualTo(java.nio.file.Files
					.readString(this.shared.resolve("jobs").resolve(first).resolve("run").resolve("history.csv")));

			// The default model is the same on every node: the choice lives in the
			// database, which every node reads at each poll of its registry.
			JobsClient onA = client(a);
			assertThat(onA.send("PUT", "/models/default", "{\"name\":\"cluster-3\"}").statusCode()).isEqualTo(200);
			JobsClient onB = client(b);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (!(defaultOf(onB).equals("cluster-3") && defaultOf(front).equals("cluster-3"))
					&& System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			assertThat(defaultOf(onB)).isEqualTo("cluster-3");
			assertThat(defaultOf(front)).isEqualTo("cluster-3");
			assertThat(this.shared.resolve("models").resolve(".default")).doesNotExist();
			assertThat(database.get()
				.jdbc()
				.queryForObject("SELECT value FROM setting WHERE name = 'default_model'", String.class))
				.isEqualTo("cluster-3");

			String longer = front.submit(JobsClient.tiny("cluster-handover", 1_000_000));
			JsonNode running = front.await(longer, (job) -> JobsClient.step(job) >= 25, Duration.ofMinutes(2));
			ConfigurableApplicationContext holder = runsIt(a, longer) ? a : b;
			ConfigurableApplicationContext other = (holder == a) ? b : a;
			holder.close();
			JsonNode resumed = front.await(longer,
					(job) -> job.get("attempts").asInt() == 2 && JobsClient.step(job) > JobsClient.step(running) + 5,
					Duration.ofMinutes(2));
			assertThat(resumed.get("status").asString()).isEqualTo("RUNNING");
			assertThat(runsIt(other, longer)).isTrue();
			List<Long> steps = stepsOf(front, longer);
			assertThat(steps).isEqualTo(range(1, steps.size()));
			assertThat(front.post("/jobs/" + longer + "/cancel", "").statusCode()).isEqualTo(202);
			front.awaitStatus(longer, "CANCELLED");
		}
	}

	@Test
	void theJobOfANodeThatDiedIsQueuedAgainWhenItsLeaseExpiresAndTrainedByAnother() throws Exception {
		String id;
		try (ConfigurableApplicationContext api = node("api")) {
			id = client(api).submit(JobsClient.tiny("cluster-orphan", 20));
		}
		// A node that claimed the job, started it and died: nobody renews its lease.
		PostgresJobStore store = PostgresJobStore.open(database.get().settings(), JobStoreContractTests.JSON);
		try (store) {
			SharedJobStore.Claim claim = store.claim("dead-node", Duration.ofSeconds(2)).orElseThrow();
			assertThat(store.save(claim.job().started(999_999, Instant.now()), claim.token())).isTrue();
		}
		try (ConfigurableApplicationContext worker = node("worker", "api")) {
			JobsClient client = client(worker);
			JsonNode done = client.awaitStatus(id, "SUCCEEDED");
			assertThat(done.get("attempts").asInt()).isEqualTo(2);
			assertThat(stepsOf(client, id)).isEqualTo(range(1, 20));
		}
	}

	private static String defaultOf(JobsClient client) {
		for (JsonNode model : client.json(client.get("/models")).get("content")) {
			if (model.path("isDefault").asBoolean() || model.path("default").asBoolean()) {
				return model.get("name").asString();
			}
		}
		return "";
	}

	@Test
	void aWorkerNodeKilledMidTrainingHasItsJobResumedByAnotherWithTheStepCountCarriedOn() throws Exception {
		try (ConfigurableApplicationContext api = node("api")) {
			JobsClient front = client(api);
			Process killed = nodeProcess("worker");
			String id;
			try {
				id = front.submit(JobsClient.tiny("cluster-killed", 1500));
				front.await(id, (job) -> JobsClient.step(job) >= 60, Duration.ofMinutes(3));
			}
			finally {
				// SIGKILL: no shutdown hook, no goodbye to the database.
				killed.destroyForcibly().waitFor();
			}
			try (ConfigurableApplicationContext survivor = node("worker")) {
				JsonNode done = front.awaitStatus(id, "SUCCEEDED");
				assertThat(done.get("attempts").asInt()).isEqualTo(2);
				assertThat(JobsClient.step(done)).isEqualTo(1500);
				assertThat(stepsOf(front, id)).isEqualTo(range(1, 1500));
				assertThat(new String(front.get("/jobs/" + id + "/log").body())).contains("attempt 2: resuming");
				try (var models = java.nio.file.Files.list(this.shared.resolve("models"))) {
					assertThat(
							models.map((p) -> p.getFileName().toString()).filter((n) -> n.startsWith("cluster-killed")))
						.containsExactly("cluster-killed");
				}
			}
		}
	}

	/** A node in a JVM of its own, so that it can be killed. */
	private Process nodeProcess(String roles) throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-Dai.djl.offline=true",
				"-cp", System.getProperty("java.class.path"), GanForgeApplication.class.getName()));
		command.addAll(List.of(args(roles)));
		command.set(command.indexOf("--server.port=0"), "--server.port=" + port);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.shared.resolve("node-" + port + ".log").toFile())
			.start();
		JobsClient client = new JobsClient(port);
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (client.get("/actuator/health/liveness").statusCode() == 200) {
					return process;
				}
			}
			catch (RuntimeException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		process.destroyForcibly();
		throw new AssertionError("The node process did not start: "
				+ java.nio.file.Files.readString(this.shared.resolve("node-" + port + ".log")));
	}

	private static boolean runsIt(ConfigurableApplicationContext node, String id) {
		return node.getBean(JobService.class).runsHere(id);
	}

	private static List<Long> stepsOf(JobsClient client, String id) {
		List<Long> steps = new ArrayList<>();
		client.json(client.get("/jobs/" + id + "/losses")).forEach((row) -> steps.add(row.get("step").asLong()));
		return steps;
	}

	private static List<Long> range(long first, long last) {
		List<Long> steps = new ArrayList<>();
		for (long step = first; step <= last; step++) {
			steps.add(step);
		}
		return steps;
	}

	private ConfigurableApplicationContext node(String... roles) {
		return new SpringApplicationBuilder(GanForgeApplication.class).run(args(roles));
	}

	private String[] args(String... roles) {
		return new String[] { "--server.port=0", "--ganforge.models.dir=" + this.shared.resolve("models"),
				"--ganforge.jobs.dir=" + this.shared.resolve("jobs"), "--ganforge.data.roots=" + this.shared,
				"--ganforge.store=postgres", "--spring.datasource.url=" + database.get().url(),
				"--spring.datasource.username=" + PostgresServer.USER,
				"--ganforge.node.roles=" + String.join(",", roles), "--ganforge.jobs.lease=3s",
				"--ganforge.jobs.stop-timeout=30s", "--ganforge.models.poll-interval=500ms",
				"--ganforge.jobs.max-queued=32" };
	}

	private static JobsClient client(ConfigurableApplicationContext context) {
		return new JobsClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
