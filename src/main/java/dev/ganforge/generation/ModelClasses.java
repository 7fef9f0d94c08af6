package dev.ganforge.generation;

import java.util.List;

import dev.ganforge.failure.Quote;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.Latents;

/**
 * The classes a request asks of a model, by name or by index, checked against the model's
 * own; and the generator inputs they make.
 *
 * <p>
 * A name matches exactly, else ignoring case; a string of ASCII digits is an index. A
 * conditional model asked for no class draws seed s's {@link Latents#classOf}: uniform
 * over the classes, fixed by the seed, so the same request gives the same bytes. An
 * unconditional model asked for a class refuses it, rather than ignore it.
 */
final class ModelClasses {

	private ModelClasses() {
	}

	/**
	 * The class index a request names.
	 * @param model the model
	 * @param asked a class name or index
	 * @param field where it sits in the request, for messages
	 * @return the index
	 * @throws InvalidGenerationRequestException if the model is unconditional or has no
	 * such class
	 */
	static int resolve(LoadedModel model, String asked, String field) {
		List<String> names = model.manifest().classNames();
		if (names.isEmpty()) {
			throw new InvalidGenerationRequestException(field, "cannot be used with model " + model.name()
					+ ": it is unconditional (it has no classes); leave " + field + " out");
		}
		if (asked.matches("[0-9]{1,9}")) {
			int index = Integer.parseInt(asked);
			if (index < names.size()) {
				return index;
			}
		}
		int exact = names.indexOf(asked);
		if (exact >= 0) {
			return exact;
		}
		for (int i = 0; i < names.size(); i++) {
			if (names.get(i).equalsIgnoreCase(asked)) {
				return i;
			}
		}
		throw new InvalidGenerationRequestException(field,
				"must be one of model " + model.name() + "'s classes, by name or by index 0 to " + (names.size() - 1)
						+ " (" + String.join(", ", names) + "), not '" + Quote.safe(asked, 64) + "'");
	}

	/**
	 * The generator input of a latent: the latent itself for an unconditional model, else
	 * followed by the one-hot class.
	 * @param model the model
	 * @param latent nz values
	 * @param classIndex the class, ignored for an unconditional model
	 * @return the input
	 */
	static float[] input(LoadedModel model, float[] latent, int classIndex) {
		int classes = model.spec().classes();
		return (classes == 0) ? latent : Latents.withClasses(latent, 1, new int[] { classIndex }, classes);
	}

	/**
	 * The class of an input that names none: its seed's, or 0 for an explicit vector.
	 * @param model the model
	 * @param seed the latent's seed, or null for an explicit vector
	 * @return the class index, 0 for an unconditional model
	 */
	static int ofSeed(LoadedModel model, Long seed) {
		int classes = model.spec().classes();
		return (classes == 0 || seed == null) ? 0 : Latents.classOf(seed, classes);
	}

	/**
	 * A class's name.
	 * @param model the model
	 * @param classIndex the class
	 * @return the name, or null for an unconditional model
	 */
	static String name(LoadedModel model, int classIndex) {
		List<String> names = model.manifest().classNames();
		return names.isEmpty() ? null : names.get(classIndex);
	}

}
