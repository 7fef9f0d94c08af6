package dev.ganforge.generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Picks a response type from an explicit {@code format} or the {@code Accept} header.
 */
final class Negotiation {

	private Negotiation() {
	}

	/**
	 * The response type.
	 * @param format {@code png}, {@code json} or {@code gif} when the request names one;
	 * it wins over Accept
	 * @param accept the Accept header, or null
	 * @param offered the types the endpoint can produce, preferred first
	 * @return the type to produce; the first offered one when Accept allows any
	 */
	static MediaType choose(String format, String accept, MediaType... offered) {
		if (format != null) {
			for (MediaType type : offered) {
				if (type.getSubtype().equals(format)) {
					return type;
				}
			}
		}
		if (accept == null || accept.isBlank()) {
			return offered[0];
		}
		List<MediaType> accepted;
		try {
			accepted = new ArrayList<>(MediaType.parseMediaTypes(accept));
		}
		catch (InvalidMediaTypeException ex) {
			return offered[0];
		}
		accepted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType wanted : accepted) {
			if (wanted.getQualityValue() <= 0) {
				continue;
			}
			for (MediaType type : offered) {
				if (wanted.includes(type)) {
					return type;
				}
			}
		}
		return offered[0];
	}

}
