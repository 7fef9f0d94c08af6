package dev.ganforge.jobs;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.ganforge.GanForgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jobs across restarts of the service on one jobs directory: a running job becomes
 * INTERRUPTED, whether the service stopped cleanly or died, and resumes with its step
 * count carried on; a full queue is refused with Retry-After.
 */
class JobsRestartTests {

	@TempDir
	Path root;

	@Test
	void aJobRunningWhenTheServiceStopsIsInterruptedAndResumesWhereItWas() throws IOException {
		String id;
		long stoppedAt;
		try (ConfigurableApplicationContext first = start()) {
			JobsClient client = client(first);
			id = client.submit(JobsClient.tiny("restart-model", 1_000_000));
			client.await(id, (job) -> JobsClient.step(job) >= 25, Duration.ofMinutes(2));
		}
		// The context is closed: the worker finished its step and wrote a snapshot.
		try (ConfigurableApplicationContext second = start()) {
			JobsClient client = client(second);
			JsonNode interrupted = client.job(id);
			assertThat(interrupted.get("status").asString()).isEqualTo("INTERRUPTED");
			assertThat(interrupted.get("error").asString()).contains("resume");
			stoppedAt = JobsClient.step(interrupted);
			assertThat(stoppedAt).isGreaterThanOrEqualTo(25);

			assertThat(client.post("/jobs/" + id + "/resume", "").statusCode()).isEqualTo(202);
			JsonNode resumed = client.await(id,
					(job) -> job.get("status").asString().equals("RUNNING") && JobsClient.step(job) > stoppedAt,
					Duration.ofMinutes(2));
			assertThat(resumed.get("attempts").asInt()).isEqualTo(2);
			assertThat(rowsStartAtOneWithoutGaps(client, id)).isTrue();
		}
	}

	@Test
	void aJobRecordedAsRunningByAServiceThatDiedIsInterruptedAtStart() throws IOException {
		String id;
		try (ConfigurableApplicationContext first = start()) {
			JobsClient client = client(first);
			id = client.submit(JobsClient.tiny("crash-model", 20));
			client.awaitStatus(id, "SUCCEEDED");
		}
		// What a SIGKILLed service leaves: the record still says RUNNING, with the pid of
		// a worker that is gone.
		Path record = this.root.resolve("jobs").resolve(id).resolve("job.json");
		ObjectNode job = (ObjectNode) JobsClient.JSON.readTree(Files.readString(record));
		job.put("status", "RUNNING").putNull("finishedAt").put("workerPid", deadPid());
		Files.writeString(record, JobsClient.JSON.writeValueAsString(job));
		Files.writeString(this.root.resolve("jobs").resolve("garbage.json"), "not a job");

		try (ConfigurableApplicationContext second = start()) {
			JobsClient client = client(second);
			assertThat(client.job(id).get("status").asString()).isEqualTo("INTERRUPTED");
			assertThat(client.job(id).get("workerPid").isNull()).isTrue();
		}
	}

	@Test
	void aFullQueueIsRefusedWithRetryAfterAndStoresNothing() throws IOException {
		try (ConfigurableApplicationContext context = start("--ganforge.jobs.max-queued=0")) {
			JobsClient client = client(context);
			String running = client.submit(JobsClient.tiny("queue-first", 1_000_000));
			HttpResponse<byte[]> refused = client.post("/jobs", JobsClient.tiny("queue-second", 10));
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(client.json(refused).get("type").asString()).endsWith("/jobs-busy");
			assertThat(client.json(client.get("/jobs")).get("totalElements").asLong()).isEqualTo(1);
			assertThat(client.post("/jobs/" + running + "/cancel", "").statusCode()).isEqualTo(202);
			client.awaitStatus(running, "CANCELLED");
			client.submit(JobsClient.tiny("queue-second", 10));
		}
	}

	@Test
	void aNodeWithoutTheWorkerRoleIsRefusedWithTheFilesStoreWhereNoOtherNodeCouldTrain() {
		assertThatThrownBy(() -> start("--ganforge.node.roles=api").close())
			.hasStackTraceContaining("has no worker, and with ganforge.store=files");
	}

	private static boolean rowsStartAtOneWithoutGaps(JobsClient client, String id) {
		JsonNode rows = client.json(client.get("/jobs/" + id + "/losses"));
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i).get("step").asLong() != i + 1) {
				return false;
			}
		}
		return rows.size() > 0;
	}

	private static long deadPid() throws IOException {
		Process process = new ProcessBuilder("true").start();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return process.pid();
	}

	private ConfigurableApplicationContext start(String... extra) {
		String[] args = new String[extra.length + 4];
		args[0] = "--server.port=0";
		args[1] = "--ganforge.models.dir=" + this.root.resolve("models");
		args[2] = "--ganforge.jobs.dir=" + this.root.resolve("jobs");
		args[3] = "--ganforge.data.roots=" + this.root;
		System.arraycopy(extra, 0, args, 4, extra.length);
		return new SpringApplicationBuilder(GanForgeApplication.class).run(args);
	}

	private static JobsClient client(ConfigurableApplicationContext context) {
		return new JobsClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
