package dev.ganforge.jobs;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.ganforge.GanForgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The jobs directory running out of inodes, for real: it is a tmpfs with few inodes,
 * filled with empty files. Submitting, cancelling a queued job and resuming are each all
 * or nothing: a 507 problem, and neither the API nor the record on disk changes; once
 * there is room they work, and a restarted service finds on disk what the API said. Needs
 * root (to mount); skipped otherwise.
 */
class JobsOutOfInodesTests {

	@TempDir
	Path root;

	@Test
	void aWriteTheJobsDirectoryRefusesChangesNothing() throws Exception {
		Path jobs = Files.createDirectories(this.root.resolve("jobs"));
		assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m,nr_inodes=400", "tmpfs", jobs.toString()) == 0,
				"needs root and permission to mount a tmpfs (CI runs as root)");
		String queued;
		try {
			try (ConfigurableApplicationContext service = start()) {
				JobsClient client = client(service);
				// Holds the only training slot, writing nothing new: no samples or
				// snapshots.
				String running = client.submit(JobsClient.TINY.replace("\"sampleEvery\":10,\"snapshotEvery\":10,",
						"\"sampleEvery\":1000000,\"snapshotEvery\":1000000,")
						+ "\"modelName\":\"inodes-running\",\"steps\":1000000}");
				client.awaitStatus(running, "RUNNING");
				queued = client.submit(JobsClient.tiny("inodes-queued", 10));
				assertThat(client.job(queued).get("status").asString()).isEqualTo("QUEUED");

				List<Path> fillers = fill(jobs);
				HttpResponse<byte[]> submit = client.post("/jobs", JobsClient.tiny("inodes-refused", 10));
				assertProblem(client, submit, 507);
				assertThat(client.json(client.get("/jobs")).get("totalElements").asInt()).isEqualTo(2);
				assertThat(jobDirs(jobs)).hasSize(2);

				assertProblem(client, client.post("/jobs/" + queued + "/cancel", ""), 507);
				assertThat(client.job(queued).get("status").asString()).isEqualTo("QUEUED");
				assertThat(recorded(jobs, queued)).isEqualTo("QUEUED");

				free(fillers);
				assertThat(client.post("/jobs/" + queued + "/cancel", "").statusCode()).isEqualTo(202);
				assertThat(recorded(jobs, queued)).isEqualTo("CANCELLED");

				fillers = fill(jobs);
				assertProblem(client, client.post("/jobs/" + queued + "/resume", ""), 507);
				assertThat(client.job(queued).get("status").asString()).isEqualTo("CANCELLED");
				assertThat(recorded(jobs, queued)).isEqualTo("CANCELLED");
				// The running job's progress could not be saved meanwhile: it catches up.
				free(fillers);
				client.submit(JobsClient.tiny("inodes-refused", 10));
				assertThat(client.post("/jobs/" + running + "/cancel", "").statusCode()).isEqualTo(202);
				client.awaitStatus(running, "CANCELLED");
			}
			try (ConfigurableApplicationContext restarted = start()) {
				JobsClient client = client(restarted);
				assertThat(client.job(queued).get("status").asString()).isEqualTo("CANCELLED");
				assertThat(client.json(client.get("/jobs")).get("totalElements").asInt()).isEqualTo(3);
			}
		}
		finally {
			run("umount", "-l", jobs.toString());
		}
	}

	/** Empty files until the file system has no inode left. */
	private static List<Path> fill(Path dir) throws IOException {
		List<Path> files = new ArrayList<>();
		for (int i = 0;; i++) {
			Path file = dir.resolve("filler-" + i);
			try {
				Files.createFile(file);
			}
			catch (IOException ex) {
				assertThat(ex.getMessage()).as("the file system ran out of inodes").isNotNull();
				assertThat(i).as("inodes filled").isPositive();
				return files;
			}
			files.add(file);
		}
	}

	private static void free(List<Path> fillers) throws IOException {
		for (Path file : fillers) {
			Files.delete(file);
		}
	}

	private static List<Path> jobDirs(Path jobs) throws IOException {
		try (Stream<Path> entries = Files.list(jobs)) {
			return entries.filter((p) -> JobFiles.isId(p.getFileName().toString())).toList();
		}
	}

	private static String recorded(Path jobs, String id) throws IOException {
		return JobsClient.JSON.readTree(Files.readString(jobs.resolve(id).resolve("job.json")))
			.get("status")
			.asString();
	}

	private static void assertProblem(JobsClient client, HttpResponse<byte[]> response, int status) {
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
		JsonNode problem = client.json(response);
		assertThat(problem.get("type").asString()).endsWith("/insufficient-storage");
		assertThat(problem.get("detail").asString()).contains("Nothing changed").doesNotContain("/tmp");
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(GanForgeApplication.class).run("--server.port=0",
				"--ganforge.models.dir=" + this.root.resolve("models"),
				"--ganforge.jobs.dir=" + this.root.resolve("jobs"), "--ganforge.data.roots=" + this.root,
				"--ganforge.jobs.min-free-disk=0");
	}

	private static JobsClient client(ConfigurableApplicationContext context) {
		return new JobsClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	private static int run(String... command) throws IOException, InterruptedException {
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start()
			.waitFor();
	}

}
