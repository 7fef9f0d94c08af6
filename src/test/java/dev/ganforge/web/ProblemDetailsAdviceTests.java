package dev.ganforge.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(controllers = ProblemDetailsAdviceTests.OrderController.class)
@Import(ProblemDetailsAdviceTests.OrderController.class)
class ProblemDetailsAdviceTests {

	private static final String TYPE = "https://ganforge.dev/problems/";

	@Autowired
	MockMvcTester mvc;

	@Test
	void malformedJsonIsAMalformedRequestWithoutInternals() {
		MvcTestResult result = post("{\"count\": 1,");

		assertProblem(result, HttpStatus.BAD_REQUEST, "malformed-request");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("The request body is not valid JSON");
		assertNoInternals(result);
	}

	@Test
	void aFieldOfTheWrongTypeIsNamed() {
		MvcTestResult result = post("{\"count\": \"many\"}");

		assertProblem(result, HttpStatus.BAD_REQUEST, "malformed-request");
		assertThat(result).bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.detail").isEqualTo("Field 'count' must be an integer.");
			assertThat(json).extractingPath("$.field").isEqualTo("count");
		});
		assertNoInternals(result);
		assertThat(post("{\"item\": {\"size\": [1]}, \"count\": 1}")).bodyJson()
			.extractingPath("$.field")
			.isEqualTo("item.size");
		assertThat(post("[1, 2]")).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("The request body must be an object.");
		assertNoInternals(post(""));
	}

	@Test
	void beanValidationListsEachInvalidField() {
		MvcTestResult result = post("{\"count\": 0}");

		assertProblem(result, HttpStatus.BAD_REQUEST, "invalid-request");
		assertThat(result).bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.errors[0].field").isEqualTo("count");
			assertThat(json).extractingPath("$.errors[0].message").asString().contains("greater than or equal to 1");
		});
	}

	@Test
	void queryParametersMissingOrOfTheWrongType() {
		assertProblem(this.mvc.get().uri("/orders"), HttpStatus.BAD_REQUEST, "missing-parameter");
		MvcTestResult mismatch = this.mvc.get().uri("/orders?limit=ten").exchange();
		assertProblem(mismatch, HttpStatus.BAD_REQUEST, "invalid-parameter");
		assertThat(mismatch).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("Parameter 'limit' must be an integer, not 'ten'.");
	}

	@Test
	void anUnsupportedContentTypeIs415() {
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.TEXT_PLAIN)
			.content("count=1")
			.exchange();

		assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("application/json");
	}

	@Test
	void anUnsupportedAcceptIs406() {
		assertProblem(this.mvc.get().uri("/orders?limit=1").accept(MediaType.IMAGE_PNG), HttpStatus.NOT_ACCEPTABLE,
				"not-acceptable");
	}

	@Test
	void anUnknownPathIsNotFound() {
		MvcTestResult result = this.mvc.get().uri("/no/such/thing").exchange();

		assertProblem(result, HttpStatus.NOT_FOUND, "not-found");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("/no/such/thing");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().doesNotContain("static resource");
	}

	@Test
	void anUnsupportedMethodIs405() {
		assertProblem(this.mvc.delete().uri("/orders"), HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed");
	}

	@Test
	void anUnexpectedFailureIsAGeneric500() {
		MvcTestResult result = this.mvc.get().uri("/orders/fail").exchange();

		assertProblem(result, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error");
		assertThat(result).bodyText().doesNotContain("secret").doesNotContain("IllegalStateException");
	}

	private MvcTestResult post(String body) {
		return this.mvc.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private void assertProblem(MockMvcTester.MockMvcRequestBuilder request, HttpStatus status, String kind) {
		assertProblem(request.exchange(), status, kind);
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String kind) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(TYPE + kind);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
	}

	private static void assertNoInternals(MvcTestResult result) {
		assertThat(result).bodyText()
			.doesNotContain("tools.jackson")
			.doesNotContain("Exception")
			.doesNotContain("dev.ganforge")
			.doesNotContain("\tat ")
			.doesNotContain("java.lang");
	}

	@RestController
	static class OrderController {

		@PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE,
				produces = MediaType.APPLICATION_JSON_VALUE)
		Order create(@Valid @RequestBody Order order) {
			return order;
		}

		@GetMapping(path = "/orders", produces = MediaType.APPLICATION_JSON_VALUE)
		Order list(@RequestParam int limit) {
			return new Order(limit, null);
		}

		@GetMapping("/orders/fail")
		Order fail() {
			throw new IllegalStateException("secret state");
		}

	}

	record Order(@NotNull @Min(1) Integer count, Item item) {
	}

	record Item(String size) {
	}

}
