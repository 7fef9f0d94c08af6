package dev.ganforge.models;

import java.util.regex.Pattern;

/**
 * What a model name may be. A name is also a directory name, so only names of this form
 * are ever resolved into paths: no separators, no {@code ..}, no hidden directories.
 */
public final class ModelNames {

	/** 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
	public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	private static final Pattern VALID = Pattern.compile(PATTERN);

	private ModelNames() {
	}

	/**
	 * Whether a string is a valid model name.
	 * @param name the string, or null
	 * @return true if it matches {@link #PATTERN}
	 */
	public static boolean isValid(String name) {
		return name != null && VALID.matcher(name).matches();
	}

	/**
	 * Checks a name from a request.
	 * @param name the name
	 * @return the name
	 * @throws InvalidModelNameException if it is not a valid name
	 */
	static String requireValid(String name) {
		if (!isValid(name)) {
			throw new InvalidModelNameException(name);
		}
		return name;
	}

	/**
	 * The name under which a run's best generator (by FD) is published beside its final
	 * model.
	 * @param model the final model's name
	 * @return {@code <model>-best}; not a valid name when {@code model} has over 59
	 * characters
	 */
	public static String bestName(String model) {
		return model + "-best";
	}

}
