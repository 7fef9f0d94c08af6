package dev.ganforge.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * What a person needs to know about a request body that could not be read: where the JSON
 * is broken, or which field has the wrong type, in words rather than parser class names.
 * Everything quoted from the request is cut short and stripped of control characters.
 *
 * @param detail the sentence for the problem's {@code detail}
 * @param field the offending field's path ({@code latents[2].seed}), or null
 */
record UnreadableBody(String detail, String field) {

	private static final int MAX_FIELD = 120;

	// A message that names a Java type (dev.ganforge.Foo, java.lang.Integer) is not for
	// the client.
	private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*\\.[a-z][\\w.]*[A-Z$]");

	static UnreadableBody of(HttpMessageNotReadableException ex) {
		JacksonException json = find(ex, JacksonException.class);
		if (json == null) {
			return new UnreadableBody("The request body is missing or cannot be read; send a JSON object.", null);
		}
		String field = path(json.getPath());
		if (json instanceof StreamReadException) {
			return new UnreadableBody("The request body is not valid JSON" + at(json.getLocation())
					+ "; check for a missing quote, comma or bracket.", null);
		}
		if (json instanceof PropertyBindingException) {
			return new UnreadableBody("Field '" + field + "' is not recognised.", field);
		}
		if (json instanceof ValueInstantiationException) {
			IllegalArgumentException invalid = find(json, IllegalArgumentException.class);
			String reason = (invalid != null) ? clean(invalid.getMessage()) : null;
			String where = (field != null) ? "Field '" + field + "' is invalid" : "The request body is invalid";
			return new UnreadableBody((reason != null) ? where + ": " + reason : where + ".", field);
		}
		if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			String expected = describe(mismatch.getTargetType());
			if (field == null) {
				return new UnreadableBody("The request body must be " + expected + ".", null);
			}
			return new UnreadableBody("Field '" + field + "' must be " + expected + ".", field);
		}
		if (field != null) {
			return new UnreadableBody("Field '" + field + "' has a value that cannot be read.", field);
		}
		return new UnreadableBody("The request body cannot be read as the expected JSON object.", null);
	}

	/**
	 * A type in the words of JSON.
	 * @param type the Java type
	 * @return e.g. "an integer", "a string", "an object"
	 */
	static String describe(Class<?> type) {
		if (type == int.class || type == long.class || type == short.class || type == byte.class
				|| type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
				|| type == BigInteger.class) {
			return "an integer";
		}
		if (type == float.class || type == double.class || Number.class.isAssignableFrom(type)
				|| type == BigDecimal.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
			return "a string";
		}
		if (type.isEnum()) {
			return "one of the accepted values";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
			return "an object";
		}
		return "a value of the right format";
	}

	private static String path(List<JacksonException.Reference> references) {
		if (references == null || references.isEmpty()) {
			return null;
		}
		StringBuilder path = new StringBuilder();
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
		return path.isEmpty() ? null : Problems.quote(path.toString(), MAX_FIELD);
	}

	private static String at(TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

	private static String clean(String message) {
		if (message == null || message.isBlank() || QUALIFIED_NAME.matcher(message).find()) {
			return null;
		}
		return Problems.quote(message, 300);
	}

	static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

}
