package dev.ganforge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DataRootsTests {

	@TempDir
	Path dir;

	@Test
	void skipsMissingRootsAndKeepsRealPaths() throws IOException {
		Path root = Files.createDirectory(this.dir.resolve("root"));
		DataRoots roots = DataRoots.of(this.dir.resolve("missing"), root, root.resolve("."));
		assertThat(roots.roots()).containsExactly(root.toRealPath());
	}

	@Test
	void resolvesInFirstRootThatHasThePath() throws IOException {
		Path first = Files.createDirectory(this.dir.resolve("first"));
		Path second = Files.createDirectory(this.dir.resolve("second"));
		Files.writeString(second.resolve("a.txt"), "second");
		Files.createDirectories(first.resolve("sub"));
		Files.writeString(first.resolve("sub/b.txt"), "first");
		Files.writeString(second.resolve("b.txt"), "second");
		DataRoots roots = DataRoots.of(first, second);
		assertThat(roots.resolve("a.txt")).isEqualTo(second.toRealPath().resolve("a.txt"));
		assertThat(roots.resolve("sub/b.txt")).isEqualTo(first.toRealPath().resolve("sub/b.txt"));
	}

	@Test
	void refusesPathsThatClimbOrAreAbsolute() throws IOException {
		Path root = Files.createDirectory(this.dir.resolve("root"));
		Files.writeString(this.dir.resolve("x"), "outside");
		DataRoots roots = DataRoots.of(root);
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("../x"))
			.withMessageContaining("..");
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("a/../../x"));
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("/etc/passwd"))
			.withMessageContaining("absolute");
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve(""));
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("  "));
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("a\0b"))
			.withMessageContaining("control character");
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("a\nb"));
	}

	@Test
	void urlEncodedNamesAreLiteral() throws IOException {
		Path root = Files.createDirectories(this.dir.resolve("root"));
		Files.writeString(this.dir.resolve("x"), "outside");
		DataRoots roots = DataRoots.of(root);
		assertThatExceptionOfType(DatasetNotFoundException.class).isThrownBy(() -> roots.resolve("%2e%2e/x"))
			.withMessageContaining("%2e%2e/x")
			.withMessageContaining("in any of the 1 data roots")
			.withMessageNotContaining(root.toRealPath().toString());
		Files.createDirectory(root.resolve("%2e%2e"));
		Files.writeString(root.resolve("%2e%2e/x"), "inside");
		assertThat(roots.resolve("%2e%2e/x")).isEqualTo(root.toRealPath().resolve("%2e%2e/x"));
	}

	@Test
	void refusesSymlinkLeadingOutOfRoot() throws IOException {
		Path root = Files.createDirectory(this.dir.resolve("root"));
		Path secret = Files.writeString(this.dir.resolve("secret.txt"), "outside");
		Path outsideDir = Files.createDirectory(this.dir.resolve("elsewhere"));
		Files.createSymbolicLink(root.resolve("link.txt"), secret);
		Files.createSymbolicLink(root.resolve("linkdir"), outsideDir);
		Files.writeString(outsideDir.resolve("f.txt"), "outside");
		DataRoots roots = DataRoots.of(root);
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("link.txt"))
			.withMessageContaining("symbolic link out of its data root")
			.withMessageNotContaining(secret.toString())
			.withMessageNotContaining(root.toString());
		assertThatExceptionOfType(InvalidDatasetException.class).isThrownBy(() -> roots.resolve("linkdir/f.txt"))
			.withMessageNotContaining(outsideDir.toString());
	}

	@Test
	void allowsSymlinkStayingInsideRoot() throws IOException {
		Path root = Files.createDirectory(this.dir.resolve("root"));
		Path target = Files.writeString(root.resolve("real.txt"), "inside");
		Files.createSymbolicLink(root.resolve("alias.txt"), target);
		assertThat(DataRoots.of(root).resolve("alias.txt")).isEqualTo(target.toRealPath());
	}

	@Test
	void defaultsAreDataThenSystemDatasets() {
		assertThat(DataRoots.DEFAULT_ROOTS).containsExactly(Path.of("data"), Path.of("/usr/share/datasets"));
		assertThat(DataRoots.defaults().roots()).allSatisfy((root) -> assertThat(root).isAbsolute());
	}

}
