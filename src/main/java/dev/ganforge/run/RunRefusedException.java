package dev.ganforge.run;

/**
 * A run that cannot be trained as asked, found before it writes anything: the CLI's usage
 * error, naming the option.
 */
public class RunRefusedException extends RuntimeException {

	private final String option;

	/**
	 * A refusal.
	 * @param option the setting at fault, e.g. {@code conditional}
	 * @param message why
	 */
	public RunRefusedException(String option, String message) {
		super(message);
		this.option = option;
	}

	public String option() {
		return this.option;
	}

}
