package dev.ganforge.nn;

import java.util.Locale;

/**
 * The network families GANForge trains and serves.
 */
public enum Architecture {

	/** Radford et al. 2015: transposed convolutions in G, strided convolutions in D. */
	DCGAN,

	/** Goodfellow et al. 2014: multilayer perceptrons on flattened images. */
	GAN;

	/**
	 * The name used in manifests, the CLI and the REST API.
	 * @return the lower-case name, {@code dcgan} or {@code gan}
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses an architecture name, ignoring case.
	 * @param id {@code dcgan} or {@code gan}
	 * @return the architecture
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static Architecture fromId(String id) {
		for (Architecture architecture : values()) {
			if (architecture.id().equalsIgnoreCase(id)) {
				return architecture;
			}
		}
		throw new IllegalArgumentException("Unknown architecture '" + id + "': use 'dcgan' or 'gan'");
	}

}
