package dev.ganforge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.ganforge.GanForgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's entry point as a user meets it, in a process of its own: a command's stdout
 * is its progress and nothing else (no DJL start-up lines), the version prints without a
 * web server, and a mistyped command is refused with a suggestion instead of starting the
 * service.
 */
class CliProcessTests {

	@TempDir
	Path dir;

	@Test
	void aRunsStdoutIsItsProgressOnly() throws Exception {
		Result run = run("train", "--dataset", "synthetic:64", "--arch", "gan", "--image-size", "16", "--ngf", "8",
				"--ndf", "8", "--nz", "8", "--batch-size", "16", "--steps", "2", "--progress", "json", "--out",
				this.dir.resolve("models/tiny").toString(), "--run-dir", this.dir.resolve("run").toString());
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out().lines().toList()).isNotEmpty().allSatisfy((line) -> assertThat(line).startsWith("{"));
		assertThat(run.out()).contains("\"type\":\"done\"");
		assertThat(run.err()).doesNotContain("INFO").doesNotContain("CudaUtils");
	}

	@Test
	void versionAndTyposNeverStartTheService() throws Exception {
		for (String option : List.of("--version", "-V")) {
			Result version = run(option);
			assertThat(version.exitCode()).isZero();
			assertThat(version.out().strip()).matches("GANForge \\d+\\.\\d+\\.\\d+.*");
			assertThat(version.out() + version.err()).doesNotContain("Tomcat").doesNotContain("Started");
		}
		Result typo = run("trian");
		assertThat(typo.exitCode()).isEqualTo(2);
		assertThat(typo.err()).contains("Did you mean").contains("train");
		assertThat(typo.out() + typo.err()).doesNotContain("Tomcat");
	}

	private Result run(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
						System.getProperty("java.class.path"), GanForgeApplication.class.getName()));
		command.addAll(List.of(args));
		Path out = this.dir.resolve("out.txt");
		Path err = this.dir.resolve("err.txt");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError("still running after 2 minutes: " + String.join(" ", args));
		}
		return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String out, String err) {
	}

}
