package dev.ganforge.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import dev.ganforge.data.DataRoots;
import dev.ganforge.evaluation.EvaluationSettings;
import dev.ganforge.run.RunDirectory;

/**
 * The command line of a worker process: this same application, started the way it was
 * started, running
 * {@code train --config <run>/config.json --progress json --stdin-control}.
 *
 * <p>
 * How the service was launched decides how its worker is: {@code java -jar ganforge.jar}
 * (the fat jar) gives {@code java -jar ganforge.jar train ...}; an exploded jar run by
 * Spring Boot's launcher gives the same launcher class on the same class path; anything
 * else (an IDE, {@code spring-boot:run}, a test runner's own jar) gives the main class on
 * the class path.
 */
final class WorkerCommand {

	static final String MAIN_CLASS = "dev.ganforge.GanForgeApplication";

	private static final String BOOT_LAUNCHER_PACKAGE = "org.springframework.boot.loader.";

	private WorkerCommand() {
	}

	/**
	 * The JVM part: java, heap, system properties, and what to run.
	 * @param settings the job settings (heap, extra options)
	 * @return the command up to, not including, the {@code train} arguments
	 */
	static List<String> jvm(JobSettings settings) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + settings.workerMaxHeap().toMegabytes() + "m");
		command.add("-Djava.awt.headless=true");
		command.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
		// Engine settings of the service (thread counts, cache dir) hold for its workers.
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("ai.djl.") && !name.equals("ai.djl.offline"))
			.sorted()
			.forEach((name) -> command.add("-D" + name + "=" + System.getProperty(name)));
		command.addAll(settings.workerJvmArgs());
		command.addAll(launch(System.getProperty("sun.java.command", ""), System.getProperty("java.class.path", "")));
		return command;
	}

	static List<String> launch(String javaCommand, String classPath) {
		String first = javaCommand.strip().split("\\s+", 2)[0];
		if (first.toLowerCase(Locale.ROOT).endsWith(".jar") && isBootJar(Path.of(first))) {
			return List.of("-jar", first);
		}
		String main = first.startsWith(BOOT_LAUNCHER_PACKAGE) ? first : MAIN_CLASS;
		return List.of("-cp", classPath, main);
	}

	/** A Spring Boot executable jar names the application's main class as Start-Class. */
	private static boolean isBootJar(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			Manifest manifest = file.getManifest();
			return manifest != null && manifest.getMainAttributes().getValue("Start-Class") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The {@code train} arguments of a job: its run configuration is the run directory's
	 * {@link RunDirectory#config() file}; only where and how it runs is spelled here.
	 * @param job the job
	 * @param run where its configuration, history, samples and snapshots are
	 * @param modelDir where its model is published
	 * @param roots the data roots it may read
	 * @param evaluation where its evaluations find extractors and the reference cache
	 * @param resume whether to continue from the run's latest snapshot
	 * @param minFreeDiskBytes free disk space the worker checks for before each snapshot
	 * @return the arguments
	 */
	static List<String> train(Job job, RunDirectory run, Path modelDir, DataRoots roots, EvaluationSettings evaluation,
			boolean resume, long minFreeDiskBytes) {
		List<String> args = new ArrayList<>(List.of("train", "--config", run.config().toString(), "--progress", "json",
				"--stdin-control", "--job", job.id(), "--out", modelDir.toString(), "--run-dir", run.dir().toString(),
				"--min-free-disk", String.valueOf(minFreeDiskBytes)));
		if (job.request().evaluateEvery() > 0) {
			args.addAll(List.of("--features-dir", evaluation.featuresDir().toAbsolutePath().toString(), "--cache-dir",
					evaluation.cacheDir().toAbsolutePath().toString()));
		}
		for (Path root : roots.roots()) {
			args.add("--data-root");
			args.add(root.toString());
		}
		if (resume) {
			args.add("--resume");
		}
		return args;
	}

}
