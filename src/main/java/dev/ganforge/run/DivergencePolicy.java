package dev.ganforge.run;

import java.util.Locale;

/**
 * What a run does when the divergence monitor finds trouble.
 */
public enum DivergencePolicy {

	/** Report it and go on. */
	WARN,

	/** Go back to the last snapshot before it, with lower learning rates. */
	ROLLBACK,

	/** Fail the run; its snapshots stay for a resume. */
	STOP;

	/**
	 * The policy's name in options and requests.
	 * @return {@code warn}, {@code rollback} or {@code stop}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a policy, ignoring case.
	 * @param id {@code warn}, {@code rollback} or {@code stop}
	 * @return the policy
	 * @throws IllegalArgumentException for anything else
	 */
	public static DivergencePolicy fromId(String id) {
		for (DivergencePolicy policy : values()) {
			if (policy.name().equalsIgnoreCase(id)) {
				return policy;
			}
		}
		throw new IllegalArgumentException("onDivergence must be warn, rollback or stop, was " + id);
	}

}
