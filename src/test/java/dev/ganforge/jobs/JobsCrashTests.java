package dev.ganforge.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ganforge.GanForgeApplication;
import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.models.LoadedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service killed with SIGKILL while a job trains: the real service runs as a child
 * process and is killed with {@code destroyForcibly}. Its orphaned worker sees its stdin
 * close, finishes its step, writes a snapshot and exits by itself; a new service on the
 * same directories reports the job INTERRUPTED and resumes it with its step count carried
 * on, and serves no corrupt checkpoint.
 */
class JobsCrashTests {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	@TempDir
	Path root;

	private final List<Process> services = new ArrayList<>();

	@AfterEach
	void stopServices() {
		this.services.forEach(Process::destroyForcibly);
	}

	@Test
	void aServiceKilledDuringTrainingLeavesAnInterruptedJobThatResumesWhereItsWorkerStopped() throws Exception {
		Process first = startService("first");
		JobsClient client = new JobsClient(port(first, "first"));
		String id = client.submit(JobsClient.tiny("killed-model", 1_000_000));
		JsonNode running = client.await(id, (job) -> JobsClient.step(job) >= 25, Duration.ofMinutes(2));
		Path run = this.root.resolve("jobs").resolve(id).resolve("run");
		assertThat(CheckpointStore.latestSnapshot(run)).isPresent();
		ProcessHandle worker = ProcessHandle.of(running.get("workerPid").asLong()).orElseThrow();

		first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

		// The orphan stops by itself, after a step and a snapshot of where it was.
		assertThat(worker.onExit().get(2, TimeUnit.MINUTES).isAlive()).isFalse();
		Path last = CheckpointStore.latestSnapshot(run).orElseThrow();
		long stoppedAt = CheckpointStore.readManifest(last).step();
		assertThat(stoppedAt).isGreaterThanOrEqualTo(JobsClient.step(running));
		assertThat(history(run)).as("the history ends at the last snapshot").endsWith(stoppedAt);
		try (LoadedModel model = LoadedModel.load(last)) {
			assertThat(model.spec().nz()).isEqualTo(8);
		}
		assertThat(hiddenEntries(run.resolve("snapshots"))).isEmpty();

		Process second = startService("second");
		client = new JobsClient(port(second, "second"));
		JsonNode interrupted = client.job(id);
		assertThat(interrupted.get("status").asString()).isEqualTo("INTERRUPTED");
		assertThat(interrupted.get("workerPid").isNull()).isTrue();
		assertThat(client.post("/jobs/" + id + "/resume", "").statusCode()).isEqualTo(202);
		JsonNode resumed = client.await(id,
				(job) -> job.get("status").asString().equals("RUNNING") && JobsClient.step(job) > stoppedAt + 10,
				Duration.ofMinutes(2));
		assertThat(resumed.get("attempts").asInt()).isEqualTo(2);
		List<Long> steps = history(run);
		for (int i = 0; i < steps.size(); i++) {
			assertThat(steps.get(i)).as("history row %d", i).isEqualTo(i + 1);
		}

		assertThat(client.post("/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(202);
		client.awaitStatus(id, "CANCELLED");
		assertThat(client.json(client.get("/models")).toString()).doesNotContain("FAILED");
		for (Path snapshot : snapshots(run)) {
			try (LoadedModel model = LoadedModel.load(snapshot)) {
				assertThat(model.spec().nz()).isEqualTo(8);
			}
		}
	}

	private Process startService(String name) throws IOException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-Dai.djl.offline=true",
				"-cp", System.getProperty("java.class.path"), GanForgeApplication.class.getName(), "--server.port=0",
				"--ganforge.models.dir=" + this.root.resolve("models"),
				"--ganforge.jobs.dir=" + this.root.resolve("jobs"), "--ganforge.data.roots=" + this.root));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.root.resolve(name + ".log").toFile())
			.start();
		this.services.add(process);
		return process;
	}

	private int port(Process service, String name) throws IOException, InterruptedException {
		Path log = this.root.resolve(name + ".log");
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline) {
			Matcher matcher = PORT.matcher(Files.readString(log));
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
			assertThat(service.isAlive()).as("the service is up; its log:%n%s", Files.readString(log)).isTrue();
			Thread.sleep(200);
		}
		throw new AssertionError("The service did not start; its log:\n" + Files.readString(log));
	}

	private static List<Long> history(Path run) throws IOException {
		return Files.readAllLines(run.resolve("history.csv"))
			.stream()
			.skip(1)
			.map((line) -> Long.parseLong(line.substring(0, line.indexOf(','))))
			.toList();
	}

	private static List<Path> snapshots(Path run) throws IOException {
		try (var entries = Files.list(run.resolve("snapshots"))) {
			return entries.filter((p) -> !p.getFileName().toString().startsWith(".")).sorted().toList();
		}
	}

	private static List<Path> hiddenEntries(Path dir) throws IOException {
		try (var entries = Files.list(dir)) {
			return entries.filter((p) -> p.getFileName().toString().startsWith(".")).toList();
		}
	}

}
