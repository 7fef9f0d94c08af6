package dev.ganforge.evaluation;

import dev.ganforge.models.ModelNotFoundException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(controllers = EvaluationController.class, properties = "spring.mvc.problemdetails.enabled=true")
class EvaluationControllerTests {

	private static final EvaluationRun QUEUED = new EvaluationRun("run-1", "fake", EvaluationRun.State.QUEUED, 500, 3,
			0.7, Instant.parse("2026-01-01T00:00:00Z"), null, null, null);

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	EvaluationService service;

	@Test
	void postAnswers202WithTheRunAndWhereToPollIt() {
		given(this.service.submit("fake", 500, 3L, 0.7)).willReturn(QUEUED);
		assertThat(this.mvc.post()
			.uri("/models/fake/evaluations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"samples\":500,\"seed\":3,\"truncation\":0.7}")).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader("Location", "/models/fake/evaluations/run-1")
			.bodyJson()
			.extractingPath("$.truncation")
			.isEqualTo(0.7);
	}

	@Test
	void postWithoutABodyUsesTheDefaults() {
		given(this.service.submit("fake", null, null, null)).willReturn(QUEUED);
		assertThat(this.mvc.post().uri("/models/fake/evaluations")).hasStatus(HttpStatus.ACCEPTED);
	}

	@Test
	void aSampleCountOutOfRangeIsAnInvalidRequest() {
		assertThat(this.mvc.post()
			.uri("/models/fake/evaluations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"samples\":5}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/invalid-request");
		verifyNoInteractions(this.service);
	}

	@Test
	void aTruncationOutsideZeroToOneIsAnInvalidRequestNamingIt() {
		for (String truncation : List.of("0", "-0.5", "1.01")) {
			assertThat(this.mvc.post()
				.uri("/models/fake/evaluations")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"truncation\":" + truncation + "}")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.errors[0].field")
				.isEqualTo("truncation");
		}
		verifyNoInteractions(this.service);
	}

	@Test
	void aDatasetWithoutAnExtractorIs422() {
		given(this.service.submit("shapes", null, null, null))
			.willThrow(new NoFeatureExtractorException("synthetic:64", List.of("fashion-mnist")));
		assertThat(this.mvc.post().uri("/models/shapes/evaluations")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/no-feature-extractor");
	}

	@Test
	void getPollsARunAndAnUnknownRunIs404() {
		given(this.service.find("fake", "run-1")).willReturn(QUEUED);
		given(this.service.find("fake", "nope")).willThrow(new EvaluationNotFoundException("fake", "nope"));
		assertThat(this.mvc.get().uri("/models/fake/evaluations/run-1")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.samples")
			.isEqualTo(500);
		assertThat(this.mvc.get().uri("/models/fake/evaluations/nope")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/evaluation-not-found");
	}

	@Test
	void problemsOfTheServicePassThrough() {
		given(this.service.submit("busy", null, null, null)).willThrow(new EvaluationsBusyException(8));
		given(this.service.submit("gone", null, null, null)).willThrow(new ModelNotFoundException("gone", List.of()));
		assertThat(this.mvc.post().uri("/models/busy/evaluations")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasHeader("Retry-After", "60");
		assertThat(this.mvc.post().uri("/models/gone/evaluations")).hasStatus(HttpStatus.NOT_FOUND);
	}

}
