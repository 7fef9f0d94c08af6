package dev.ganforge.web;

import dev.ganforge.failure.FieldPath;
import dev.ganforge.failure.Quote;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
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
 * @param message what is wrong with that field ("must be an integer"), or null
 */
record UnreadableBody(String detail, String field, String message) {

	private static final int MAX_FIELD = 120;

	// A message that names a Java type (dev.ganforge.Foo, java.lang.Integer) is not for
	// the client.
	private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b[a-z][a-z0-9_]*\\.[a-z][\\w.]*[A-Z$]");

	static UnreadableBody of(HttpMessageNotReadableException ex) {
		JacksonException json = find(ex, JacksonException.class);
		if (json == null) {
			return whole("The request body is missing or cannot be read; send a JSON object.");
		}
		String field = path(json);
		if (json instanceof InputCoercionException coercion) {
			return about(field,
					"is too large for " + describe(coercion.getTargetType()) + range(coercion.getTargetType()));
		}
		if (json instanceof StreamConstraintsException) {
			return about(field, "exceeds a limit of the JSON reader: " + clean(json.getOriginalMessage()));
		}
		if (json instanceof StreamReadException) {
			String original = json.getOriginalMessage();
			if (original != null && original.startsWith("Duplicate")) {
				return about(field, "appears twice; send each field once");
			}
			return whole("The request body is not valid JSON" + at(json.getLocation())
					+ "; check for a missing quote, comma or bracket.");
		}
		if (json instanceof PropertyBindingException) {
			return about(field, "is not recognised");
		}
		if (json instanceof ValueInstantiationException) {
			IllegalArgumentException invalid = find(json, IllegalArgumentException.class);
			String reason = (invalid != null) ? clean(invalid.getMessage()) : null;
			if (field == null) {
				return whole(
						(reason != null) ? "The request body is invalid: " + reason : "The request body is invalid.");
			}
			return about(field, (reason != null) ? "is invalid: " + reason : "is invalid");
		}
		if (json instanceof MismatchedInputException mismatch) {
			String original = json.getOriginalMessage();
			if (original != null && original.startsWith("Trailing token")) {
				return whole("The request body goes on after the JSON object" + at(json.getLocation())
						+ "; send exactly one object.");
			}
			Class<?> target = mismatch.getTargetType();
			if (target != null) {
				// A bad element of a number array is reported against the array's type.
				if (target.isArray() && field != null && field.endsWith("]")) {
					target = target.getComponentType();
				}
				String expected = "must be " + describe(target) + (isNull(json) ? ", not null" : "");
				return (field == null) ? whole("The request body " + expected + ".") : about(field, expected);
			}
		}
		if (field != null) {
			return about(field, "has a value that cannot be read");
		}
		return whole("The request body cannot be read as the expected JSON object.");
	}

	private static UnreadableBody whole(String detail) {
		return new UnreadableBody(detail, null, null);
	}

	private static UnreadableBody about(String field, String message) {
		if (field == null) {
			return whole("The request body " + message + ".");
		}
		return new UnreadableBody("Field '" + field + "' " + message + ".", field, message);
	}

	private static String range(Class<?> type) {
		if (type == int.class || type == Integer.class) {
			return " (at most " + Integer.MAX_VALUE + ")";
		}
		if (type == long.class || type == Long.class) {
			return " (at most " + Long.MAX_VALUE + ")";
		}
		return "";
	}

	private static boolean isNull(JacksonException json) {
		String original = json.getOriginalMessage();
		return (original != null && original.contains("`null`"))
				|| (json.processor() instanceof JsonParser parser && parser.currentToken() == JsonToken.VALUE_NULL);
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

	/**
	 * The path of the field being read: from databind's references, or else from where
	 * the parser stood (a number out of range, a duplicate key).
	 */
	private static String path(JacksonException json) {
		StringBuilder path = new StringBuilder(FieldPath.of(json));
		if (path.isEmpty() && json instanceof StreamReadException && json.processor() instanceof JsonParser parser) {
			List<String> segments = new ArrayList<>();
			for (TokenStreamContext context = parser.streamReadContext(); context != null
					&& !context.inRoot(); context = context.getParent()) {
				if (context.inArray()) {
					segments.add("[" + Math.max(0, context.getCurrentIndex()) + "]");
				}
				else if (context.currentName() != null) {
					segments.add(context.currentName());
				}
			}
			Collections.reverse(segments);
			segments.forEach((segment) -> {
				if (segment.startsWith("[")) {
					path.append(segment);
				}
				else {
					name(path, segment);
				}
			});
		}
		return path.isEmpty() ? null : Quote.safe(path.toString(), MAX_FIELD);
	}

	private static void name(StringBuilder path, String name) {
		if (!path.isEmpty()) {
			path.append('.');
		}
		path.append(name);
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
		return Quote.safe(message, 300);
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
