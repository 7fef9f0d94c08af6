package dev.ganforge.generation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.ganforge.nn.Latents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asking a conditional model for a class over HTTP: by name or index, one for all or one
 * per image, reproducible alone or batched; the classes it has in GET /models; clear 400s
 * for a class it has not and for a class asked of an unconditional model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.mvc.problemdetails.enabled=true", "ganforge.generation.max-batch-delay=20ms" })
class ConditionalGenerationJourneyTests {

	private static final String MODEL = "tiny-classes";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path modelsDir;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) throws IOException {
		if (modelsDir == null) {
			modelsDir = Files.createTempDirectory("ganforge-conditional-journey");
			GenerationFixtures.writeTinyConditionalModel(modelsDir, MODEL);
			GenerationFixtures.writeTinyModel(modelsDir, "tiny");
		}
		registry.add("ganforge.models.dir", modelsDir::toString);
	}

	@Test
	void theModelListsItsClasses() throws Exception {
		JsonNode model = json(send(get("/models/" + MODEL)));
		assertThat(model.get("classes").toString()).isEqualTo("[\"circle\",\"square\",\"triangle\"]");
		assertThat(json(send(get("/models/tiny"))).get("classes").toString()).isEqualTo("[]");
	}

	@Test
	void aClassByNameOrIndexGivesThatClassAndTheJsonSaysSo() throws Exception {
		JsonNode byName = json(post("{\"model\":\"" + MODEL + "\",\"seed\":3,\"count\":3,\"class\":\"square\"}"));
		JsonNode byIndex = json(post("{\"model\":\"" + MODEL + "\",\"seed\":3,\"count\":3,\"class\":\"1\"}"));
		JsonNode otherCase = json(post("{\"model\":\"" + MODEL + "\",\"seed\":3,\"count\":3,\"class\":\"SQUARE\"}"));
		for (int i = 0; i < 3; i++) {
			assertThat(byName.get("images").get(i).get("class").asString()).isEqualTo("square");
		}
		assertThat(byIndex.get("images").toString()).isEqualTo(byName.get("images").toString());
		assertThat(otherCase.get("images").toString()).isEqualTo(byName.get("images").toString());
		JsonNode triangle = json(post("{\"model\":\"" + MODEL + "\",\"seed\":3,\"count\":3,\"class\":\"triangle\"}"));
		assertThat(png(triangle, 0)).as("another class, another image").isNotEqualTo(png(byName, 0));
	}

	@Test
	void withoutAClassEachSeedDrawsItsOwnAndTheSameRequestGivesTheSameBytes() throws Exception {
		String body = "{\"model\":\"" + MODEL + "\",\"seed\":100,\"count\":12}";
		JsonNode first = json(post(body));
		assertThat(json(post(body)).toString()).isEqualTo(first.toString());
		List<String> names = List.of("circle", "square", "triangle");
		List<String> drawn = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String expected = names.get(Latents.classOf(100 + i, 3));
			assertThat(first.get("images").get(i).get("class").asString()).isEqualTo(expected);
			drawn.add(expected);
		}
		assertThat(new java.util.HashSet<>(drawn)).as("12 seeds draw more than one class").hasSizeGreaterThan(1);
	}

	@Test
	void mixedClassesInOneRequestAreTheSameImagesAsAskedAlone() throws Exception {
		JsonNode batched = json(post("{\"model\":\"" + MODEL
				+ "\",\"seed\":20,\"count\":3,\"classes\":[\"triangle\",\"circle\",\"square\"]}"));
		String[] classes = { "triangle", "circle", "square" };
		for (int i = 0; i < 3; i++) {
			JsonNode alone = json(
					post("{\"model\":\"" + MODEL + "\",\"seed\":" + (20 + i) + ",\"class\":\"" + classes[i] + "\"}"));
			assertThat(batched.get("images").get(i).get("class").asString()).isEqualTo(classes[i]);
			assertThat(png(batched, i)).as("image %d", i).isEqualTo(png(alone, 0));
		}
		HttpResponse<byte[]> png = send(get("/generate?model=" + MODEL + "&seed=21&class=circle"));
		assertThat(png.statusCode()).isEqualTo(200);
		assertThat(png.body()).isEqualTo(png(batched, 1));
		HttpResponse<byte[]> square = send(get("/generate?model=" + MODEL + "&seed=21&class=square"));
		assertThat(square.headers().firstValue("ETag")).isNotEqualTo(png.headers().firstValue("ETag"));
	}

	@Test
	void aClassTheModelHasNotIsA400ListingItsClasses() throws Exception {
		JsonNode problem = json(post("{\"model\":\"" + MODEL + "\",\"class\":\"sneaker\"}"), 400);
		assertThat(problem.get("type").asString()).endsWith("/invalid-request");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("class");
		assertThat(problem.get("detail").asString()).contains("circle, square, triangle").contains("'sneaker'");
		JsonNode index = json(post("{\"model\":\"" + MODEL + "\",\"class\":\"3\"}"), 400);
		assertThat(index.get("detail").asString()).contains("index 0 to 2");
		JsonNode perImage = json(post("{\"model\":\"" + MODEL + "\",\"count\":2,\"classes\":[\"circle\",\"boot\"]}"),
				400);
		assertThat(perImage.get("errors").get(0).get("field").asString()).isEqualTo("classes[1]");
		JsonNode nullClass = json(post("{\"model\":\"" + MODEL + "\",\"count\":2,\"classes\":[\"circle\",null]}"), 400);
		assertThat(nullClass.get("errors").get(0).get("field").asString()).startsWith("classes[1]");
		JsonNode count = json(post("{\"model\":\"" + MODEL + "\",\"count\":3,\"classes\":[\"circle\"]}"), 400);
		assertThat(count.get("detail").asString()).contains("one class per image: 1 for 3 images");
		JsonNode both = json(post("{\"model\":\"" + MODEL + "\",\"class\":\"circle\",\"classes\":[\"circle\"]}"), 400);
		assertThat(both.get("errors").get(0).get("field").asString()).isEqualTo("classes");
		assertThat(send(get("/generate?model=" + MODEL + "&class=boot")).statusCode()).isEqualTo(400);
	}

	@Test
	void aClassAskedOfAnUnconditionalModelIsA400SayingSo() throws Exception {
		JsonNode problem = json(post("{\"model\":\"tiny\",\"class\":\"circle\"}"), 400);
		assertThat(problem.get("detail").asString()).contains("unconditional");
		assertThat(send(get("/generate?model=tiny&class=0")).statusCode()).isEqualTo(400);
		JsonNode latent = json(send(HttpRequest.newBuilder(uri("/interpolate"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"model\":\"tiny\",\"from\":{\"seed\":1,\"class\":\"circle\"},\"to\":{\"seed\":2}}"))
			.build()), 400);
		assertThat(latent.get("errors").get(0).get("field").asString()).isEqualTo("from.class");
	}

	@Test
	void interpolatingBetweenTwoClassesAtOneSeedStartsAndEndsAtThem() throws Exception {
		HttpResponse<byte[]> strip = send(HttpRequest.newBuilder(uri("/interpolate"))
			.header("Content-Type", "application/json")
			.header("Accept", "image/png")
			.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL
					+ "\",\"from\":{\"seed\":7,\"class\":\"circle\"},\"to\":{\"seed\":7,\"class\":\"triangle\"},"
					+ "\"steps\":5,\"method\":\"lerp\",\"padding\":0}"))
			.build());
		assertThat(strip.statusCode()).isEqualTo(200);
		java.awt.image.BufferedImage frames = javax.imageio.ImageIO
			.read(new java.io.ByteArrayInputStream(strip.body()));
		assertThat(frames.getWidth()).isEqualTo(5 * GenerationFixtures.SIZE);
		java.awt.image.BufferedImage circle = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
				send(get("/generate?model=" + MODEL + "&seed=7&class=circle")).body()));
		java.awt.image.BufferedImage triangle = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
				send(get("/generate?model=" + MODEL + "&seed=7&class=triangle")).body()));
		int last = 4 * GenerationFixtures.SIZE;
		for (int y = 0; y < GenerationFixtures.SIZE; y++) {
			for (int x = 0; x < GenerationFixtures.SIZE; x++) {
				assertThat(frames.getRGB(x, y)).isEqualTo(circle.getRGB(x, y));
				assertThat(frames.getRGB(last + x, y)).isEqualTo(triangle.getRGB(x, y));
			}
		}
	}

	private static byte[] png(JsonNode reply, int image) {
		return Base64.getDecoder().decode(reply.get("images").get(image).get("png").asString());
	}

	private HttpResponse<byte[]> post(String body) throws Exception {
		return send(HttpRequest.newBuilder(uri("/generate"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).GET().build();
	}

	private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
		return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

	private static JsonNode json(HttpResponse<byte[]> response) {
		return json(response, 200);
	}

	private static JsonNode json(HttpResponse<byte[]> response, int status) {
		assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
		return JSON.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
