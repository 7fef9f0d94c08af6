package dev.ganforge.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * Reads {@code Accept} as a client means it. A problem ({@code application/problem+json})
 * is how an error reads, not a representation of any resource; an {@code Accept} that
 * lists nothing else says how the client wants its errors, not that it refuses the
 * resource. Clients generated from the OpenAPI description send exactly that for
 * operations whose only declared JSON is their error body (openapi-generator's Java
 * client picks the first JSON type it finds, so a PNG endpoint gets
 * {@code Accept: application/problem+json}). Such a request is answered as if it set no
 * {@code Accept}, as RFC 9110 (section 12.5.1) allows; errors are problems either way.
 */
final class ProblemAcceptStrategy implements ContentNegotiationStrategy {

	private final HeaderContentNegotiationStrategy header = new HeaderContentNegotiationStrategy();

	@Override
	public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
		List<MediaType> accepted;
		try {
			accepted = this.header.resolveMediaTypes(request);
		}
		catch (HttpMediaTypeNotAcceptableException ex) {
			// An Accept that cannot be parsed ("garbage///") says nothing: as if absent,
			// rather than a 406 that could not even say so in a problem.
			return MEDIA_TYPE_ALL_LIST;
		}
		boolean onlyProblems = !accepted.isEmpty() && accepted.stream()
			.allMatch((type) -> type.getQualityValue() > 0
					&& MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(type));
		return onlyProblems ? MEDIA_TYPE_ALL_LIST : accepted;
	}

}
