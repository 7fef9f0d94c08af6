package dev.ganforge.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.ganforge.checkpoint.CheckpointException;
import dev.ganforge.data.CorruptDatasetException;
import dev.ganforge.data.DatasetNotFoundException;
import dev.ganforge.data.InvalidDatasetException;
import dev.ganforge.failure.BusyException;
import dev.ganforge.failure.InvalidValueException;
import dev.ganforge.models.ModelNotFoundException;
import dev.ganforge.models.ModelUnavailableException;
import dev.ganforge.run.RunRefusedException;
import dev.ganforge.training.TrainingDivergedException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The features' exceptions know nothing of HTTP, and the advice's one table turns each
 * into its problem.
 */
@WebMvcTest(controllers = FeatureProblemsTests.ThrowingController.class)
@Import(FeatureProblemsTests.ThrowingController.class)
class FeatureProblemsTests {

	/** Exceptions that stay inside the service: a client never sees them as such. */
	private static final Set<Class<?>> INTERNAL = Set.of(TrainingDivergedException.class, CheckpointException.class,
			DatasetNotFoundException.class, InvalidDatasetException.class, CorruptDatasetException.class,
			RunRefusedException.class);

	@Autowired
	MockMvcTester mvc;

	@Test
	void everyFeatureExceptionIsPlainAndHasARow() throws Exception {
		List<Class<?>> exceptions = featureExceptions();
		assertThat(exceptions).as("the scan finds the feature exceptions")
			.hasSizeGreaterThan(15)
			.contains(ModelNotFoundException.class, InvalidValueException.class);
		for (Class<?> exception : exceptions) {
			assertThat(ErrorResponseException.class.isAssignableFrom(exception))
				.as("%s extends a Spring web type", exception.getName())
				.isFalse();
			if (!INTERNAL.contains(exception)) {
				assertThat(ProblemDetailsAdvice.featureProblem(exception)).as("the row of %s", exception.getName())
					.isNotNull();
			}
		}
	}

	@Test
	void aRowGivesTheStatusTypeTitleDetailAndProperties() {
		assertThat(this.mvc.get().uri("/throw?what=not-found")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://ganforge.dev/problems/model-not-found");
				assertThat(json).extractingPath("$.title").isEqualTo("Model not found");
				assertThat(json).extractingPath("$.detail")
					.isEqualTo("There is no model named 'nope'. Available: alpha, beta.");
				assertThat(json).extractingPath("$.model").isEqualTo("nope");
				assertThat(json).extractingPath("$.available").asArray().containsExactly("alpha", "beta");
			});
		assertThat(this.mvc.get().uri("/throw?what=unavailable")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://ganforge.dev/problems/model-unavailable");
				assertThat(json).extractingPath("$.reason").isEqualTo("format version 99");
			});
	}

	@Test
	void anInvalidValueListsItsFieldInErrorsAsValidationDoes() {
		assertThat(this.mvc.get().uri("/throw?what=invalid")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://ganforge.dev/problems/invalid-request");
				assertThat(json).extractingPath("$.detail")
					.isEqualTo("The request is invalid: frames must be at most 64.");
				assertThat(json).extractingPath("$.errors[0].field").isEqualTo("frames");
				assertThat(json).extractingPath("$.errors[0].message").isEqualTo("must be at most 64");
			});
	}

	@Test
	void busyIs503WithRetryAfterEvenWithoutARowOfItsOwn() {
		assertThat(this.mvc.get().uri("/throw?what=busy")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasHeader("Retry-After", "7")
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/service-unavailable");
	}

	@Test
	void anExceptionWithoutARowIsStillAGeneric500() {
		assertThat(this.mvc.get().uri("/throw?what=other")).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.doesNotContain("secret");
	}

	private static List<Class<?>> featureExceptions() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(
					org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
				return true;
			}
		};
		scanner.addIncludeFilter(new AssignableTypeFilter(RuntimeException.class));
		List<Class<?>> found = new ArrayList<>();
		for (BeanDefinition definition : scanner.findCandidateComponents("dev.ganforge")) {
			Class<?> type = ClassUtils.forName(definition.getBeanClassName(),
					FeatureProblemsTests.class.getClassLoader());
			if (!type.getPackageName().equals("dev.ganforge.web") && !type.getPackageName().equals("dev.ganforge.cli")
					&& !type.getName().contains("Tests")) {
				found.add(type);
			}
		}
		return found;
	}

	@RestController
	static class ThrowingController {

		@GetMapping("/throw")
		String fail(@RequestParam String what) {
			throw switch (what) {
				case "not-found" -> new ModelNotFoundException("nope", List.of("alpha", "beta"));
				case "unavailable" -> new ModelUnavailableException("old", "format version 99");
				case "invalid" -> new InvalidValueException("frames", "must be at most 64");
				case "busy" -> new BusyException("The pool is full.", 7) {
				};
				default -> new IllegalStateException("secret internals");
			};
		}

	}

}
