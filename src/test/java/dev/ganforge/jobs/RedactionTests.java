package dev.ganforge.jobs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTests {

	@Test
	void aDirectoryInsideAnotherKeepsItsOwnName() {
		Map<Path, String> directories = new LinkedHashMap<>();
		directories.put(Path.of("/srv/ganforge"), "home");
		directories.put(Path.of("/srv/ganforge/models"), "models");
		Redaction redaction = new Redaction(directories);
		assertThat(redaction.apply("cannot read /srv/ganforge/models/x/manifest.json in /srv/ganforge/tmp"))
			.isEqualTo("cannot read <models>/x/manifest.json in <home>/tmp");
	}

	@Test
	void aRelativeDirectoryIsReplacedAsConfiguredAndAsAbsolute() {
		Redaction redaction = Redaction.of(Path.of("models"), Path.of("/var/jobs"), List.of(Path.of("/data/a")));
		String absoluteModels = Path.of("models").toAbsolutePath().toString();
		assertThat(redaction.apply(absoluteModels + "/m and /var/jobs/j and /data/a/fashion-mnist"))
			.isEqualTo("<models>/m and <jobs>/j and <data>/fashion-mnist");
		assertThat(redaction.apply("--models models/m")).isEqualTo("--models <models>/m");
		assertThat(redaction.apply(System.getProperty("java.home") + "/bin/java")).isEqualTo("<java>/bin/java");
		assertThat(redaction.apply("no models yet; /data/ab is another root"))
			.isEqualTo("no models yet; /data/ab is another root");
		assertThat(redaction.apply(null)).isNull();
	}

	@Test
	void theFileSystemRootIsNotADirectoryToReplace() {
		Redaction redaction = new Redaction(Map.of(Path.of("/"), "root"));
		assertThat(redaction.apply("/etc/passwd")).isEqualTo("/etc/passwd");
	}

}
