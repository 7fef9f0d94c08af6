package dev.ganforge.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.ganforge.data.DataRoots;
import dev.ganforge.evaluation.EvaluationSettings;
import dev.ganforge.run.RunDirectory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerCommandTests {

	private static final Set<String> OPERATIONAL = Set.of("--config", "--progress", "--stdin-control", "--job", "--out",
			"--run-dir", "--min-free-disk", "--features-dir", "--cache-dir", "--data-root", "--resume");

	@Test
	void aWorkerGetsItsTrainingAsTheRunsConfigurationFileAndOnlyOperationalFlags() {
		JobRequest request = JsonMapper.builder()
			.build()
			.readValue("{\"modelName\":\"m\",\"learningRateD\":0.001,\"evaluateEvery\":50,"
					+ "\"conditional\":true,\"onDivergence\":\"rollback\"}", JobRequest.class);
		Job job = Job.queued("0000abcd-123456", request, Instant.EPOCH);
		RunDirectory run = RunDirectory.of(Path.of("/jobs/0000abcd-123456/run"));
		List<String> args = WorkerCommand.train(job, run, Path.of("/models/m"), DataRoots.of(Path.of("/data")),
				new EvaluationSettings(Path.of("/features"), Path.of("/cache"), 5000, 10000), true, 1024);

		assertThat(args.get(0)).isEqualTo("train");
		Set<String> flags = args.stream().filter((arg) -> arg.startsWith("--")).collect(Collectors.toSet());
		assertThat(OPERATIONAL).containsAll(flags);
		assertThat(args).containsSequence("--config", "/jobs/0000abcd-123456/run/config.json")
			.containsSequence("--run-dir", "/jobs/0000abcd-123456/run")
			.containsSequence("--features-dir", "/features")
			.contains("--resume");
	}

}
