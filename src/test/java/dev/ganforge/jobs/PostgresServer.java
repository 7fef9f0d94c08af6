package dev.ganforge.jobs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A real PostgreSQL for tests, from Debian's {@code postgresql} package (which
 * {@code .ci/run} installs): a fresh cluster in a temporary directory on a free port,
 * trusting local connections, stopped and removed on close. As root the server runs as
 * the {@code postgres} user, since PostgreSQL refuses to run as root. Without the package
 * the tests that need it are skipped, saying so.
 */
final class PostgresServer implements AutoCloseable {

	static final String USER = "ganforge";

	private final Path bin;

	private final Path dir;

	private final int port;

	private PostgresServer(Path bin, Path dir, int port) {
		this.bin = bin;
		this.dir = dir;
		this.port = port;
	}

	/**
	 * Creates and starts a cluster.
	 * @return the running server
	 */
	static PostgresServer start() throws Exception {
		Optional<Path> bin = binaries();
		assumeThat(bin).as("PostgreSQL's binaries (apt-get install postgresql; .ci/run does)").isPresent();
		Path dir = Files.createTempDirectory("ganforge-pg");
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		PostgresServer server = new PostgresServer(bin.get(), dir, port);
		server.run("initdb", "-D", server.data().toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
				"--no-instructions");
		server.startServer();
		return server;
	}

	String url() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	/** What a node is given to reach this server. */
	DatabaseSettings settings() {
		return new DatabaseSettings(url(), USER, null);
	}

	/**
	 * Plain SQL on the server, for what a test checks or sets up underneath the store.
	 */
	JdbcTemplate jdbc() {
		return new JdbcTemplate(new DriverManagerDataSource(url(), USER, ""));
	}

	/**
	 * Migrates the schema if it is not there yet and removes every job (with its journal)
	 * and setting: a fresh queue.
	 */
	void emptyJobs() {
		try (PostgresJobStore migrated = PostgresJobStore.open(settings(), JobStoreContractTests.JSON)) {
			jdbc().update("DELETE FROM job");
			jdbc().update("DELETE FROM setting");
		}
	}

	/** Stops the server as a crash or a restart would find it: its data stays. */
	void stopServer() throws Exception {
		run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop");
	}

	void startServer() throws Exception {
		run("pg_ctl", "-D", data().toString(), "-l", this.dir.resolve("server.log").toString(), "-w", "-o",
				"-p " + this.port + " -k " + this.dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
	}

	@Override
	public void close() throws Exception {
		try {
			stopServer();
		}
		finally {
			FileSystemUtils.deleteRecursively(this.dir);
		}
	}

	private Path data() {
		return this.dir.resolve("data");
	}

	private void run(String tool, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.add(this.bin.resolve(tool).toString());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
	}

	private static Optional<Path> binaries() throws IOException {
		Path versions = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(versions)) {
			return Optional.empty();
		}
		try (Stream<Path> dirs = Files.list(versions)) {
			return dirs.map((version) -> version.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("pg_ctl")))
				.max(Comparator.naturalOrder());
		}
	}

	/**
	 * The server of one test class, registered with {@code @RegisterExtension} on a
	 * static field: started before its first test (the class is skipped without the
	 * package), stopped and removed after its last.
	 */
	static final class PerClass implements BeforeAllCallback, AfterAllCallback {

		private PostgresServer server;

		PostgresServer get() {
			return this.server;
		}

		@Override
		public void beforeAll(ExtensionContext context) throws Exception {
			this.server = start();
		}

		@Override
		public void afterAll(ExtensionContext context) throws Exception {
			if (this.server != null) {
				this.server.close();
			}
		}

	}

}
