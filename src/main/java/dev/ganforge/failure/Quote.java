package dev.ganforge.failure;

/**
 * Text a caller sent, made safe to repeat in a message, a problem detail or a log line.
 */
public final class Quote {

	private Quote() {
	}

	/**
	 * Makes a caller-supplied string safe to quote: control, format and line or paragraph
	 * separator characters become {@code ?}, and anything past {@code max} code points is
	 * cut off with an ellipsis.
	 * @param value the string, or null
	 * @param max most code points kept
	 * @return the quoted-safe string ({@code "null"} for null)
	 */
	public static String safe(String value, int max) {
		if (value == null) {
			return "null";
		}
		StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 1);
		int count = 0;
		for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
			if (count == max) {
				out.append('…');
				break;
			}
			int cp = value.codePointAt(i);
			int type = Character.getType(cp);
			if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
					|| type == Character.PARAGRAPH_SEPARATOR) {
				out.append('?');
			}
			else {
				out.appendCodePoint(cp);
			}
			count++;
		}
		return out.toString();
	}

}
