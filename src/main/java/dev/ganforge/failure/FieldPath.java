package dev.ganforge.failure;

import java.util.List;

import tools.jackson.core.JacksonException;

/**
 * Where in a JSON document a reader failed, written as a caller writes a field:
 * {@code latents[2].seed}.
 */
public final class FieldPath {

	private FieldPath() {
	}

	/**
	 * The path of the references a JSON reader recorded on its way to the failure.
	 * @param ex the reader's exception
	 * @return e.g. {@code item.size[0]}; empty when it recorded none
	 */
	public static String of(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		List<JacksonException.Reference> references = ex.getPath();
		if (references == null) {
			return "";
		}
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
