package dev.ganforge.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories datasets may be read from. Every dataset path is relative to one of
 * these roots and, after following symbolic links, must stay inside the root it was
 * resolved in. Roots that do not exist are skipped; the ones kept are absolute real
 * paths.
 *
 * @param roots the existing roots, absolute and real, in lookup order
 */
public record DataRoots(List<Path> roots) {

	/**
	 * The default roots: {@code data/} under the working directory, then
	 * {@code /usr/share/datasets}.
	 */
	public static final List<Path> DEFAULT_ROOTS = List.of(Path.of("data"), Path.of("/usr/share/datasets"));

	public DataRoots {
		List<Path> real = new ArrayList<>();
		for (Path root : roots) {
			if (Files.isDirectory(root)) {
				try {
					Path candidate = root.toRealPath();
					if (!real.contains(candidate)) {
						real.add(candidate);
					}
				}
				catch (IOException ex) {
					// Vanished or unreadable between the check and now: treat as absent.
				}
			}
		}
		roots = List.copyOf(real);
	}

	/**
	 * Return the default roots ({@link #DEFAULT_ROOTS}), keeping those that exist.
	 * @return the default data roots
	 */
	public static DataRoots defaults() {
		return new DataRoots(DEFAULT_ROOTS);
	}

	/**
	 * Return data roots for the given directories, keeping those that exist.
	 * @param roots the candidate roots, in lookup order
	 * @return the data roots
	 */
	public static DataRoots of(Path... roots) {
		return new DataRoots(List.of(roots));
	}

	/**
	 * Resolve a relative path against the roots, returning the real path in the first
	 * root where it exists.
	 * @param relative a relative path such as
	 * {@code fashion-mnist/train-images-idx3-ubyte.gz}
	 * @return the real (symlink-free) path, inside the root it was found in
	 * @throws InvalidDatasetException if the path is empty, absolute, has a {@code ..}
	 * segment or control characters, or leads out of its root through a symbolic link
	 * @throws DatasetNotFoundException if no root contains the path
	 */
	public Path resolve(String relative) {
		return locate(relative).path();
	}

	/**
	 * Resolve like {@link #resolve(String)}, also saying which root the path is in.
	 */
	Location locate(String relative) {
		checkRelative(relative);
		for (Path root : this.roots) {
			Path candidate = root.resolve(relative).normalize();
			if (!candidate.startsWith(root)) {
				throw new InvalidDatasetException("Dataset path '" + relative + "' leaves its data root");
			}
			if (Files.exists(candidate)) {
				Path real;
				try {
					real = candidate.toRealPath();
				}
				catch (IOException ex) {
					throw new DatasetNotFoundException(
							"Dataset path '" + relative + "' cannot be read (" + ex.getClass().getSimpleName() + ")");
				}
				if (!real.startsWith(root)) {
					// Where the link leads is the server's business, not the client's.
					throw new InvalidDatasetException("Dataset path '" + relative
							+ "' is a symbolic link out of its data root; refusing to read it");
				}
				return new Location(root, real);
			}
		}
		throw new DatasetNotFoundException("Dataset path '" + relative + "' not found " + searched());
	}

	/**
	 * Say whether a path, after following symbolic links, is inside the given root.
	 */
	static boolean isInside(Path root, Path path) {
		try {
			return path.toRealPath().startsWith(root);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Where a missing dataset was looked for, without naming server paths: clients see
	 * how many roots there are and how they are configured, the operator knows which they
	 * are.
	 * @return a phrase to follow "not found", such as "in any of the 2 data roots (...)"
	 */
	String searched() {
		String configured = "ganforge.data.roots, or --data-root on the command line";
		return this.roots.isEmpty() ? "because no data root exists (" + configured + ")"
				: "in any of the " + this.roots.size() + " data roots (" + configured + ")";
	}

	/**
	 * Check the syntax of a dataset path: non-empty, relative, no {@code ..} segment, no
	 * control characters. Names are taken literally: {@code %2e%2e} is a file name, not a
	 * parent reference.
	 */
	static void checkRelative(String relative) {
		if (relative == null || relative.isBlank()) {
			throw new InvalidDatasetException("Dataset path is empty; give a path relative to a data root");
		}
		for (int i = 0; i < relative.length(); i++) {
			char c = relative.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				throw new InvalidDatasetException(
						"Dataset path contains a control character (code " + (int) c + "); use a plain relative path");
			}
		}
		if (relative.startsWith("/") || relative.startsWith("\\") || Path.of(relative).isAbsolute()) {
			throw new InvalidDatasetException(
					"Dataset path '" + relative + "' is absolute; give a path relative to a data root");
		}
		for (String segment : relative.split("[/\\\\]")) {
			if (segment.equals("..")) {
				throw new InvalidDatasetException(
						"Dataset path '" + relative + "' contains '..'; paths may not climb out of a data root");
			}
		}
	}

	/**
	 * A resolved path and the root it was found in.
	 *
	 * @param root the real root
	 * @param path the real path, inside {@code root}
	 */
	record Location(Path root, Path path) {
	}

}
