package dev.ganforge.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProblemAcceptStrategy}: an {@code Accept} of problems alone is no
 * preference, anything else is read as Spring reads it.
 */
class ProblemAcceptStrategyTests {

	private final ProblemAcceptStrategy strategy = new ProblemAcceptStrategy();

	@Test
	void onlyProblemsAcceptsAnything() throws HttpMediaTypeNotAcceptableException {
		assertThat(resolve("application/problem+json")).isEqualTo(ContentNegotiationStrategy.MEDIA_TYPE_ALL_LIST);
		assertThat(resolve("application/problem+json;q=0.9, application/problem+json"))
			.isEqualTo(ContentNegotiationStrategy.MEDIA_TYPE_ALL_LIST);
	}

	@Test
	void anythingElseIsReadAsSent() throws HttpMediaTypeNotAcceptableException {
		assertThat(resolve("image/png, application/problem+json")).containsExactly(MediaType.IMAGE_PNG,
				MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(resolve("text/html")).containsExactly(MediaType.TEXT_HTML);
		assertThat(resolve("application/problem+json;q=0")).hasSize(1).allMatch((type) -> type.getQualityValue() == 0);
		assertThat(resolve(null)).isEqualTo(ContentNegotiationStrategy.MEDIA_TYPE_ALL_LIST);
	}

	private List<MediaType> resolve(String accept) throws HttpMediaTypeNotAcceptableException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/generate");
		if (accept != null) {
			request.addHeader("Accept", accept);
		}
		return this.strategy.resolveMediaTypes(new ServletWebRequest(request));
	}

}
