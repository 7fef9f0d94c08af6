package dev.ganforge.generation;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.ganforge.image.Images;
import dev.ganforge.models.LoadedModel;
import dev.ganforge.models.ModelRegistry;
import dev.ganforge.nn.Latents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static dev.ganforge.generation.GenerationControllerTests.assertProblem;
import static dev.ganforge.generation.GenerationControllerTests.expectedPng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

@WebMvcTest(controllers = LatentController.class, properties = "spring.mvc.problemdetails.enabled=true")
@Import({ Sampler.class, BatchingGenerator.class, RenderBudget.class, SimpleMeterRegistry.class })
@EnableConfigurationProperties(GenerationSettings.class)
class LatentControllerTests {

	private static final int SIZE = FakeModels.SIZE;

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	ModelRegistry registry;

	@BeforeEach
	void fakeModel() {
		LoadedModel model = FakeModels.model("fake");
		given(this.registry.require(null)).willReturn(model);
	}

	@Test
	void interpolationStripStartsAndEndsOnTheEndpoints() {
		MockHttpServletResponse response = post("/interpolate",
				"{\"from\":{\"seed\":1},\"to\":{\"seed\":2},\"steps\":4,\"padding\":0}", MediaType.IMAGE_PNG);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("X-Model")).isEqualTo("fake");
		BufferedImage strip = GenerationJourneyTests.decode(response.getContentAsByteArray());
		assertThat(strip.getWidth()).isEqualTo(4 * SIZE);
		assertThat(Images.png(GenerationJourneyTests.copy(strip.getSubimage(0, 0, SIZE, SIZE))))
			.isEqualTo(expectedPng(1, 1));
		assertThat(Images.png(GenerationJourneyTests.copy(strip.getSubimage(3 * SIZE, 0, SIZE, SIZE))))
			.isEqualTo(expectedPng(2, 1));
	}

	@Test
	void gifByAcceptWithPingPong() throws Exception {
		MockHttpServletResponse response = post("/interpolate", "{\"keyframes\":[1,2,3],\"steps\":3,\"pingPong\":true}",
				MediaType.IMAGE_GIF);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("image/gif");
		ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
		try (ImageInputStream in = ImageIO
			.createImageInputStream(new ByteArrayInputStream(response.getContentAsByteArray()))) {
			reader.setInput(in);
			// 5 frames forward, 3 back
			assertThat(reader.getNumImages(true)).isEqualTo(8);
		}
		finally {
			reader.dispose();
		}
	}

	@Test
	void badLatentsAndLimitsAreProblems() throws Exception {
		assertProblem(post("/interpolate", "{\"from\":{\"vector\":[1,2]},\"to\":{\"seed\":1}}", MediaType.IMAGE_PNG),
				400, "invalid-latent");
		assertProblem(post("/interpolate", "{\"from\":{\"vector\":[1,2,\"NaN\",4]},\"to\":{\"seed\":1}}",
				MediaType.IMAGE_PNG), 400, "invalid-latent");
		assertProblem(post("/interpolate", "{\"from\":{},\"to\":{\"seed\":1}}", MediaType.IMAGE_PNG), 400,
				"invalid-latent");
		assertProblem(post("/interpolate", "{\"keyframes\":[1,2,3],\"steps\":33}", MediaType.IMAGE_PNG), 400,
				"invalid-request");
		assertProblem(post("/interpolate", "{\"keyframes\":[1,2],\"loop\":-1}", MediaType.IMAGE_GIF), 400, null);
		assertProblem(post("/latents/arithmetic", "{\"terms\":[{\"vector\":[1e39,0,0,0]}]}", MediaType.IMAGE_PNG), 400,
				"invalid-latent");
		assertProblem(post("/latents/arithmetic",
				"{\"terms\":[{\"vector\":[3e38,0,0,0],\"weight\":1000},{\"seed\":1}]}", MediaType.IMAGE_PNG), 400,
				"invalid-latent");
	}

	@Test
	void arithmeticOfOneTermIsItsImageAndShowTermsLaysOutARow() {
		assertThat(
				post("/latents/arithmetic", "{\"terms\":[{\"seed\":5}]}", MediaType.IMAGE_PNG).getContentAsByteArray())
			.isEqualTo(expectedPng(5, 1));
		String vector = Arrays.toString(Latents.gaussian(3, FakeModels.NZ));
		MockHttpServletResponse response = post("/latents/arithmetic",
				"{\"terms\":[{\"seed\":1},{\"seed\":2,\"weight\":-1},{\"vector\":" + vector
						+ "}],\"showTerms\":true,\"padding\":0}",
				MediaType.IMAGE_PNG);
		BufferedImage row = GenerationJourneyTests.decode(response.getContentAsByteArray());
		assertThat(row.getWidth()).isEqualTo(4 * SIZE);
		float[] a = Latents.gaussian(1, FakeModels.NZ);
		float[] b = Latents.gaussian(2, FakeModels.NZ);
		float[] c = Latents.gaussian(3, FakeModels.NZ);
		float[] sum = new float[FakeModels.NZ];
		for (int j = 0; j < sum.length; j++) {
			sum[j] = (float) ((double) a[j] - b[j] + c[j]);
		}
		byte[] expected = Images.png(Images.toImage(FakeModels.render(sum, 1), 0, 1, SIZE, 1));
		assertThat(Images.png(GenerationJourneyTests.copy(row.getSubimage(3 * SIZE, 0, SIZE, SIZE))))
			.isEqualTo(expected);
	}

	private MockHttpServletResponse post(String path, String json, MediaType accept) {
		return this.mvc.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(accept)
			.content(json)
			.exchange()
			.getResponse();
	}

}
