package dev.ganforge.training;

import java.util.Locale;

/**
 * The adversarial objectives the loop can train with.
 */
public enum GanLoss {

	/** Goodfellow et al.'s practical variant: G maximises log D(G(z)). The default. */
	NON_SATURATING,

	/** The literal min-max objective: G minimises log(1 - D(G(z))). Saturates early. */
	MINIMAX,

	/** Hinge loss (Lim and Ye 2017; Miyato et al. 2018) on D's logits. */
	HINGE;

	/**
	 * The name used in configs: lower case with dashes.
	 * @return e.g. {@code non-saturating}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Parses a loss name as {@link #id()} writes it, ignoring case and accepting
	 * underscores.
	 * @param id the name
	 * @return the loss
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static GanLoss fromId(String id) {
		for (GanLoss loss : values()) {
			if (loss.id().equalsIgnoreCase(id.replace('_', '-'))) {
				return loss;
			}
		}
		throw new IllegalArgumentException("Unknown loss '" + id + "': use 'non-saturating', 'minimax' or 'hinge'");
	}

}
