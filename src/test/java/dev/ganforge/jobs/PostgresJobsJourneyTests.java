package dev.ganforge.jobs;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
 * The service with {@code ganforge.store=postgres} on a real PostgreSQL: a job's record
 * lives in the database (not in a {@code job.json}), a restarted service reads it back,
 * and a database that is down refuses a submission with a 503 that changes nothing.
 */
class PostgresJobsJourneyTests {

	@RegisterExtension
	static final PostgresServer.PerClass database = new PostgresServer.PerClass();

	@TempDir
	Path root;

	@BeforeEach
	void emptyDatabase() {
		database.get().emptyJobs();
	}

	@Test
	void aJobsRecordLivesInTheDatabaseAndOutlivesTheService() throws Exception {
		String id;
		try (ConfigurableApplicationContext first = start()) {
			JobsClient client = client(first);
			id = client.submit(JobsClient.tiny("pg-model", 20));
			JsonNode done = client.awaitStatus(id, "SUCCEEDED");
			assertThat(JobsClient.step(done)).isEqualTo(20);
			assertThat(this.root.resolve("jobs").resolve(id).resolve("job.json")).doesNotExist();
			assertThat(this.root.resolve("jobs").resolve(id).resolve("run/config.json")).exists();
			assertThat(Files.readString(this.root.resolve("jobs").resolve(id).resolve("run/history.csv")).lines())
				.hasSize(21);
			assertThat(database.get().jdbc().queryForObject("SELECT status FROM job WHERE id = ?", String.class, id))
				.isEqualTo("SUCCEEDED");
		}
		try (ConfigurableApplicationContext second = start()) {
			JobsClient client = client(second);
			JsonNode job = client.job(id);
			assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(JobsClient.step(job)).isEqualTo(20);
			assertThat(client.json(client.get("/jobs/" + id + "/losses")).size()).isEqualTo(20);

			database.get().stopServer();
			HttpResponse<byte[]> refused;
			try {
				refused = client.post("/jobs", JobsClient.tiny("pg-while-down", 5));
				assertThat(client.get("/actuator/health").statusCode()).isEqualTo(503);
			}
			finally {
				database.get().startServer();
			}
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(client.json(refused).get("type").asString()).endsWith("/jobs-store-unavailable");
			assertThat(client.json(client.get("/jobs")).get("totalElements").asLong()).isEqualTo(1);
			try (var entries = Files.list(this.root.resolve("jobs"))) {
				assertThat(entries.map((p) -> p.getFileName().toString())).containsExactly(id);
			}
			String later = client.submit(JobsClient.tiny("pg-while-down", 5));
			client.awaitStatus(later, "SUCCEEDED");
		}
	}

	@Test
	void aNodeStartedBeforeItsDatabaseIsAliveButNotReadyUntilTheDatabaseIsUp() throws Exception {
		database.get().stopServer();
		ConfigurableApplicationContext node;
		try {
			node = start();
		}
		catch (RuntimeException ex) {
			database.get().startServer();
			throw ex;
		}
		try (node) {
			JobsClient client = client(node);
			HttpResponse<byte[]> readiness;
			try {
				assertThat(client.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
				readiness = client.get("/actuator/health/readiness");
				assertThat(client.post("/jobs", JobsClient.tiny("pg-early", 5)).statusCode()).isEqualTo(503);
			}
			finally {
				database.get().startServer();
			}
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(client.json(readiness).at("/components/jobStore/details/error").asString())
				.contains("cannot be reached");
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (client.get("/actuator/health/readiness").statusCode() != 200 && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			assertThat(client.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			client.awaitStatus(client.submit(JobsClient.tiny("pg-early", 5)), "SUCCEEDED");
		}
	}

	@Test
	void aTrainingGoesOnWhileTheDatabaseRestartsAndLosesNothing() throws Exception {
		try (ConfigurableApplicationContext node = start()) {
			JobsClient client = client(node);
			String id = client.submit(JobsClient.tiny("pg-restart", 1_000_000));
			client.await(id, (job) -> JobsClient.step(job) >= 20, Duration.ofMinutes(2));
			database.get().stopServer();
			Thread.sleep(3_000);
			database.get().startServer();
			long before = JobsClient.step(client.await(id, (job) -> true, Duration.ofMinutes(1)));
			JsonNode later = client.await(id, (job) -> JobsClient.step(job) > before + 20, Duration.ofMinutes(2));
			assertThat(later.get("status").asString()).isEqualTo("RUNNING");
			assertThat(later.get("attempts").asInt()).isEqualTo(1);
			assertThat(client.post("/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(202);
			JsonNode cancelled = client.awaitStatus(id, "CANCELLED");
			JsonNode rows = client.json(client.get("/jobs/" + id + "/losses"));
			assertThat(rows.size()).isEqualTo((int) JobsClient.step(cancelled));
			for (int i = 0; i < rows.size(); i++) {
				assertThat(rows.get(i).get("step").asLong()).isEqualTo(i + 1);
			}
			assertThat(database.get().jdbc().queryForObject("SELECT status FROM job WHERE id = ?", String.class, id))
				.isEqualTo("CANCELLED");
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(GanForgeApplication.class).run("--server.port=0",
				"--ganforge.models.dir=" + this.root.resolve("models"),
				"--ganforge.jobs.dir=" + this.root.resolve("jobs"), "--ganforge.data.roots=" + this.root,
				"--ganforge.store=postgres", "--spring.datasource.url=" + database.get().url(),
				"--spring.datasource.username=" + PostgresServer.USER);
	}

	private static JobsClient client(ConfigurableApplicationContext context) {
		return new JobsClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
