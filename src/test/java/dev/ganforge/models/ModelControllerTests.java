package dev.ganforge.models;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import dev.ganforge.checkpoint.Manifest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.ArgumentMatchers.anyString;

@WebMvcTest(ModelController.class)
class ModelControllerTests {

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	ModelRegistry registry;

	@Test
	void listsModelsOnePageAtATime() {
		given(this.registry.list()).willReturn(models(25));

		assertThat(this.mvc.get().uri("/models?page=1&size=10")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.content.length()").isEqualTo(10);
				assertThat(json).extractingPath("$.content[0].name").isEqualTo("m10");
				assertThat(json).extractingPath("$.content[0].status").isEqualTo("READY");
				assertThat(json).extractingPath("$.content[0].isDefault").isEqualTo(false);
				assertThat(json).extractingPath("$.page").isEqualTo(1);
				assertThat(json).extractingPath("$.size").isEqualTo(10);
				assertThat(json).extractingPath("$.totalElements").isEqualTo(25);
				assertThat(json).extractingPath("$.totalPages").isEqualTo(3);
			});
		assertThat(this.mvc.get().uri("/models?page=2&size=10")).bodyJson()
			.extractingPath("$.content.length()")
			.isEqualTo(5);
		assertThat(this.mvc.get().uri("/models?page=9")).bodyJson().extractingPath("$.content").asArray().isEmpty();
	}

	@Test
	void pagesHoldTwentyModelsByDefault() {
		given(this.registry.list()).willReturn(models(25));

		assertThat(this.mvc.get().uri("/models")).bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.content.length()").isEqualTo(20);
			assertThat(json).extractingPath("$.size").isEqualTo(20);
			assertThat(json).extractingPath("$.page").isEqualTo(0);
		});
	}

	@Test
	void refusesPagesOutOfRange() {
		assertThat(this.mvc.get().uri("/models?page=-1")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://ganforge.dev/problems/invalid-request");
				assertThat(json).extractingPath("$.errors[0].field").isEqualTo("page");
			});
		assertThat(this.mvc.get().uri("/models?size=101")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.errors[0].field")
			.isEqualTo("size");
		assertThat(this.mvc.get().uri("/models?size=0")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(this.mvc.get().uri("/models?size=lots")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/invalid-parameter");
	}

	@Test
	void describesAModelWithItsManifest() {
		Manifest manifest = Manifest.of("alpha", ModelFixtures.CONFIG, 42, null,
				new Manifest.Provenance("cli", "train", 1.5));
		given(this.registry.describe("alpha")).willReturn(ModelStatus.of("alpha", null, manifest, true));
		given(this.registry.manifest("alpha")).willReturn(Optional.of(manifest));

		assertThat(this.mvc.get().uri("/models/alpha")).hasStatusOk().bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.name").isEqualTo("alpha");
			assertThat(json).extractingPath("$.status").isEqualTo("READY");
			assertThat(json).extractingPath("$.step").isEqualTo(42);
			assertThat(json).extractingPath("$.isDefault").isEqualTo(true);
			assertThat(json).extractingPath("$.manifest.formatVersion").isEqualTo(Manifest.FORMAT_VERSION);
			assertThat(json).extractingPath("$.manifest.hyperparameters.batchSize").isEqualTo(16);
			assertThat(json).extractingPath("$.manifest.provenance.source").isEqualTo("cli");
		});
	}

	@Test
	void anUnknownModelIsANotFoundProblemNamingTheAvailableOnes() {
		willThrow(new ModelNotFoundException("nope", List.of("m00", "m01"))).given(this.registry).describe("nope");

		assertThat(this.mvc.get().uri("/models/nope")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.type").isEqualTo("https://ganforge.dev/problems/model-not-found");
				assertThat(json).extractingPath("$.status").isEqualTo(404);
				assertThat(json).extractingPath("$.detail")
					.isEqualTo("There is no model named 'nope'. Available: m00, m01.");
				assertThat(json).extractingPath("$.available").asArray().containsExactly("m00", "m01");
			});
	}

	@Test
	void refusesInvalidModelNamesWithoutTouchingTheRegistry() {
		for (String name : List.of(".archive", "-x", "a".repeat(65), "a%20b")) {
			assertThat(this.mvc.get().uri("/models/" + name)).hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://ganforge.dev/problems/invalid-model-name");
			assertThat(this.mvc.delete().uri("/models/" + name)).hasStatus(HttpStatus.BAD_REQUEST);
		}
		verify(this.registry, never()).status(anyString());
		verify(this.registry, never()).delete(anyString());
	}

	@Test
	void deletesAModel() {
		assertThat(this.mvc.delete().uri("/models/alpha")).hasStatus(HttpStatus.NO_CONTENT).body().isEmpty();
		verify(this.registry).delete("alpha");
	}

	@Test
	void deletingAnUnknownModelIsNotFound() {
		willThrow(new ModelNotFoundException("nope", List.of())).given(this.registry).delete("nope");

		assertThat(this.mvc.delete().uri("/models/nope")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/model-not-found");
	}

	@Test
	void setsTheDefaultModel() {
		given(this.registry.chooseDefault("alpha")).willReturn(Optional.of("alpha"));

		assertThat(this.mvc.put()
			.uri("/models/default")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"alpha\"}")).hasStatusOk().bodyJson().extractingPath("$.name").isEqualTo("alpha");
		verify(this.registry).chooseDefault("alpha");
	}

	@Test
	void forgetsTheChosenDefault() {
		given(this.registry.chooseDefault(null)).willReturn(Optional.of("configured"));

		assertThat(this.mvc.put()
			.uri("/models/default")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":null}")).hasStatusOk().bodyJson().extractingPath("$.name").isEqualTo("configured");
	}

	@Test
	void settingAnUnknownOrInvalidDefaultIsAProblem() {
		given(this.registry.chooseDefault("nope")).willThrow(new ModelNotFoundException("nope", List.of("alpha")));
		given(this.registry.chooseDefault("broken")).willThrow(new ModelUnavailableException("broken", "bad file"));

		assertThat(this.mvc.put()
			.uri("/models/default")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"nope\"}")).hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/model-not-found");
		assertThat(this.mvc.put()
			.uri("/models/default")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"broken\"}")).hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/model-unavailable");
		assertThat(this.mvc.put()
			.uri("/models/default")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"../x\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.extractingPath("$.type")
			.isEqualTo("https://ganforge.dev/problems/invalid-model-name");
		verify(this.registry, never()).chooseDefault("../x");
	}

	private static List<ModelStatus> models(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> new ModelStatus(String.format("m%02d", i), ModelState.READY, null, 1L, "dcgan", 16, 1, 16,
					"synthetic:64", Instant.EPOCH, Map.of(), false, List.of()))
			.toList();
	}

}
