package dev.ganforge.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the server's own directories as names in text shown to clients (a job's error,
 * its worker log): {@code <models>/x} rather than where the models live on this machine,
 * likewise {@code <jobs>}, {@code <data>} (each data root), {@code <java>} and
 * {@code <home>}. Both a path as configured and its absolute form are replaced, in one
 * pass, only as whole path names (a relative one only before a separator, so that
 * {@code models} as a word stays), the longest first: a directory inside another keeps
 * its own name.
 */
final class Redaction {

	/** A path name starts after none of these. */
	private static final String BEFORE = "(?<![\\w./~-])";

	/**
	 * An absolute path name ends at a separator, white space or punctuation; a relative
	 * one only at a separator, so that the words of a message stay.
	 */
	private static final String AFTER_ABSOLUTE = "(?=[/\\s'\",:;)\\]]|$)";

	private static final String AFTER_RELATIVE = "(?=/)";

	private final Map<String, String> names;

	private final Pattern pattern;

	Redaction(Map<Path, String> directories) {
		Map<String, String> forms = new LinkedHashMap<>();
		directories.forEach((dir, name) -> {
			for (Path form : List.of(dir.toAbsolutePath().normalize(), dir)) {
				String text = form.toString();
				if (text.length() > 1) {
					forms.putIfAbsent(text, "<" + name + ">");
				}
			}
		});
		List<String> longestFirst = new ArrayList<>(forms.keySet());
		longestFirst.sort(Comparator.comparingInt(String::length).reversed());
		this.names = Map.copyOf(forms);
		this.pattern = longestFirst.isEmpty() ? null
				: Pattern.compile(BEFORE + "(?:" + longestFirst.stream()
					.map((name) -> Pattern.quote(name) + (name.startsWith("/") ? AFTER_ABSOLUTE : AFTER_RELATIVE))
					.collect(Collectors.joining("|")) + ")");
	}

	/**
	 * The directories of a service: its models, jobs and data roots, the Java runtime and
	 * the home directory.
	 */
	static Redaction of(Path models, Path jobs, List<Path> dataRoots) {
		Map<Path, String> directories = new LinkedHashMap<>();
		directories.put(models, "models");
		directories.put(jobs, "jobs");
		dataRoots.forEach((root) -> directories.put(root, "data"));
		directories.put(Path.of(System.getProperty("java.home")), "java");
		directories.put(Path.of(System.getProperty("user.home")), "home");
		return new Redaction(directories);
	}

	String apply(String text) {
		if (text == null || this.pattern == null) {
			return text;
		}
		return this.pattern.matcher(text)
			.replaceAll((match) -> Matcher.quoteReplacement(this.names.get(match.group())));
	}

}
