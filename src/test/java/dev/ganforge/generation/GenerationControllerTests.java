package dev.ganforge.generation;

import dev.ganforge.models.ModelNotFoundException;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ganforge.image.Images;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.nn.Latents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

@WebMvcTest(controllers = GenerationController.class, properties = "spring.mvc.problemdetails.enabled=true")
@Import({ Sampler.class, BatchingGenerator.class, RenderBudget.class, SimpleMeterRegistry.class })
@EnableConfigurationProperties(GenerationSettings.class)
class GenerationControllerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	ModelRegistry registry;

	private final List<Integer> passes = new CopyOnWriteArrayList<>();

	@BeforeEach
	void fakeModel() {
		LoadedModel model = FakeModels.model("fake", this.passes);
		given(this.registry.require(null)).willReturn(model);
		given(this.registry.require("fake")).willReturn(model);
		given(this.registry.require("nope")).willThrow(new ModelNotFoundException("nope", List.of("fake")));
		given(this.registry.require("busy")).willThrow(new GenerationOverloadedException("Queue full", 1));
	}

	@Test
	void postGivesOnePngWithModelAndSeedHeaders() {
		MockHttpServletResponse response = post("{\"seed\":42,\"scale\":2}", MediaType.IMAGE_PNG);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("image/png");
		assertThat(response.getHeader("X-Model")).isEqualTo("fake");
		assertThat(response.getHeader("X-Model-Version")).isEqualTo("12");
		assertThat(response.getHeader("X-Seed")).isEqualTo("42");
		assertThat(response.getContentAsByteArray()).isEqualTo(expectedPng(42, 2));
	}

	@Test
	void severalImagesMakeAGrid() {
		BufferedImage grid = GenerationJourneyTests
			.decode(post("{\"seed\":1,\"count\":5,\"padding\":1}", MediaType.IMAGE_PNG).getContentAsByteArray());
		// ceil(sqrt(5)) = 3 columns, 2 rows
		assertThat(grid.getWidth()).isEqualTo(3 * (FakeModels.SIZE + 1) + 1);
		assertThat(grid.getHeight()).isEqualTo(2 * (FakeModels.SIZE + 1) + 1);
	}

	@Test
	void jsonByFormatOrAcceptHasOnePngPerSeed() throws Exception {
		for (MockHttpServletResponse response : List.of(
				post("{\"seed\":7,\"count\":3,\"format\":\"json\"}", MediaType.IMAGE_PNG),
				post("{\"seed\":7,\"count\":3}", MediaType.APPLICATION_JSON))) {
			assertThat(response.getContentType()).startsWith("application/json");
			JsonNode body = JSON.readTree(response.getContentAsString());
			assertThat(body.get("model").asString()).isEqualTo("fake");
			assertThat(body.get("version").asLong()).isEqualTo(12);
			assertThat(body.get("seed").asLong()).isEqualTo(7);
			for (int i = 0; i < 3; i++) {
				assertThat(body.get("images").get(i).get("seed").asLong()).isEqualTo(7 + i);
				assertThat(Base64.getDecoder().decode(body.get("images").get(i).get("png").asString()))
					.isEqualTo(expectedPng(7 + i, 1));
			}
		}
	}

	@Test
	void aMissingSeedIsDrawnAndReported() {
		MockHttpServletResponse response = post("{}", MediaType.IMAGE_PNG);
		long seed = Long.parseLong(response.getHeader("X-Seed"));
		assertThat(seed).isBetween(0L, (1L << 32) - 1);
		assertThat(response.getContentAsByteArray()).isEqualTo(expectedPng(seed, 1));
	}

	@Test
	void getIsDeterministicAndAnswersIfNoneMatchWithoutGenerating() {
		MockHttpServletResponse first = this.mvc.get().uri("/generate?seed=3&count=2").exchange().getResponse();
		assertThat(first.getStatus()).isEqualTo(200);
		assertThat(first.getHeader("X-Seed")).isEqualTo("3");
		assertThat(first.getHeader("Cache-Control")).contains("max-age=86400").contains("public");
		String etag = first.getHeader("ETag");
		assertThat(etag).matches("\"[0-9a-f]{32}\"");
		int passesBefore = this.passes.size();
		MockHttpServletResponse again = this.mvc.get()
			.uri("/generate?seed=3&count=2")
			.header("If-None-Match", etag)
			.exchange()
			.getResponse();
		assertThat(again.getStatus()).isEqualTo(304);
		assertThat(this.passes).hasSize(passesBefore);
		MockHttpServletResponse other = this.mvc.get().uri("/generate?seed=4&count=2").exchange().getResponse();
		assertThat(other.getHeader("ETag")).isNotEqualTo(etag);
		assertThat(this.mvc.get().uri("/generate").exchange().getResponse().getContentAsByteArray())
			.as("seed defaults to 0")
			.isEqualTo(expectedPng(0, 1));
	}

	@Test
	void outOfRangeValuesAreProblems() throws Exception {
		assertProblem(post("{\"count\":65}", MediaType.IMAGE_PNG), 400, "invalid-request");
		assertProblem(post("{\"count\":0}", MediaType.IMAGE_PNG), 400, null);
		assertProblem(post("{\"truncation\":\"NaN\"}", MediaType.IMAGE_PNG), 400, null);
		assertProblem(post("{\"truncation\":NaN}", MediaType.IMAGE_PNG), 400, null);
		assertProblem(post("{\"padding\":17}", MediaType.IMAGE_PNG), 400, null);
		assertProblem(post("{\"seed\":1,\"scale\":8,\"count\":64}", MediaType.IMAGE_PNG), 200, null);
		assertProblem(this.mvc.get().uri("/generate?truncation=NaN").exchange().getResponse(), 400, null);
		assertProblem(this.mvc.get().uri("/generate?count=65").exchange().getResponse(), 400, "invalid-request");
	}

	@Test
	void registryAndQueueErrorsPassThrough() throws Exception {
		assertProblem(post("{\"model\":\"nope\"}", MediaType.IMAGE_PNG), 404, null);
		MockHttpServletResponse busy = post("{\"model\":\"busy\"}", MediaType.IMAGE_PNG);
		assertProblem(busy, 503, "overloaded");
		assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
	}

	private MockHttpServletResponse post(String json, MediaType accept) {
		return this.mvc.post()
			.uri("/generate")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(accept)
			.content(json)
			.exchange()
			.getResponse();
	}

	static byte[] expectedPng(long seed, int scale) {
		float[] pixels = FakeModels.render(Latents.gaussian(seed, FakeModels.NZ), 1);
		return Images.png(Images.toImage(pixels, 0, 1, FakeModels.SIZE, scale));
	}

	static void assertProblem(MockHttpServletResponse response, int status, String kind) throws Exception {
		assertThat(response.getStatus()).isEqualTo(status);
		if (status == 200) {
			return;
		}
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(response.getContentAsString());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		if (kind != null) {
			assertThat(problem.get("type").asString()).isEqualTo("https://ganforge.dev/problems/" + kind);
			assertThat(problem.get("detail").asString()).isNotBlank();
		}
	}

}
