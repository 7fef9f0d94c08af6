package dev.ganforge.generation;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.ganforge.image.Images;
import dev.ganforge.nn.Latents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sampling a real (tiny) checkpoint over HTTP: determinism, batching, interpolation,
 * arithmetic, GIF and the error contract.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.mvc.problemdetails.enabled=true", "ganforge.generation.max-batch-delay=20ms" })
class GenerationJourneyTests {

	private static final String MODEL = "tiny";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static Path modelsDir;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void models(DynamicPropertyRegistry registry) throws IOException {
		if (modelsDir == null) {
			modelsDir = Files.createTempDirectory("ganforge-generation-journey");
			GenerationFixtures.writeTinyModel(modelsDir, MODEL);
		}
		registry.add("ganforge.models.dir", modelsDir::toString);
	}

	@Test
	void sameSeedGivesTheSamePngEveryTime() {
		HttpResponse<byte[]> first = get("/generate?seed=5");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(first.headers().firstValue("X-Model")).hasValue(MODEL);
		assertThat(first.headers().firstValue("X-Model-Version")).hasValue("4");
		assertThat(first.headers().firstValue("X-Seed")).hasValue("5");
		assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("public", "max-age=86400");
		assertThat(decode(first.body()).getWidth()).isEqualTo(GenerationFixtures.SIZE);
		assertThat(get("/generate?seed=5").body()).isEqualTo(first.body());
		assertThat(post("/generate", "{\"seed\":5}", "image/png").body()).isEqualTo(first.body());
		assertThat(get("/generate?seed=6").body()).isNotEqualTo(first.body());
		assertThat(distinctLevels(decode(first.body()))).as("images vary").isGreaterThan(8);
	}

	@Test
	void conditionalGetAnswers304() throws Exception {
		HttpResponse<byte[]> first = get("/generate?seed=9&count=4&scale=2");
		String etag = first.headers().firstValue("ETag").orElseThrow();
		assertThat(etag).startsWith("\"").doesNotStartWith("W/");
		HttpResponse<byte[]> again = this.http.send(
				request("/generate?seed=9&count=4&scale=2").header("If-None-Match", etag).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.headers().firstValue("ETag")).hasValue(etag);
		assertThat(again.headers().firstValue("Cache-Control")).isEqualTo(first.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("max-age=86400"));
		assertThat(again.headers().firstValue("X-Model")).isEqualTo(first.headers().firstValue("X-Model")).isPresent();
		assertThat(get("/generate?seed=9&count=4&scale=3").headers().firstValue("ETag")).isNotEqualTo(etag);
		HttpResponse<byte[]> any = this.http.send(
				request("/generate?seed=9&count=4&scale=2").header("If-None-Match", "*").GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(any.statusCode()).as("If-None-Match: * matches the current image").isEqualTo(304);
	}

	@Test
	void textIsGzippedForClientsThatAcceptIt() throws Exception {
		for (String path : java.util.List.of("/v3/api-docs", "/actuator/prometheus", "/models")) {
			HttpResponse<byte[]> zipped = this.http.send(request(path).header("Accept-Encoding", "gzip").GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			HttpResponse<byte[]> plain = this.http.send(request(path).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (plain.body().length < 1024) {
				continue;
			}
			assertThat(zipped.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
			assertThat(
					new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes())
				.as(path)
				.hasSizeGreaterThan(zipped.body().length);
			assertThat(plain.headers().firstValue("Content-Encoding")).as(path).isEmpty();
		}
		HttpResponse<byte[]> png = this.http.send(
				request("/generate?seed=1&count=16&scale=2").header("Accept-Encoding", "gzip").GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(png.headers().firstValue("Content-Encoding")).as("PNG is compressed already").isEmpty();
	}

	@Test
	void postWithoutSeedPicksOneAndReturnsIt() {
		HttpResponse<byte[]> response = post("/generate", "{}", "image/png");
		long seed = Long.parseLong(response.headers().firstValue("X-Seed").orElseThrow());
		assertThat(response.body()).isEqualTo(get("/generate?seed=" + seed).body());
	}

	@Test
	void anImageIsTheSameAloneAndInABatch() {
		HttpResponse<byte[]> json = post("/generate", "{\"seed\":10,\"count\":4,\"format\":\"json\"}", "*/*");
		assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		JsonNode body = JSON.readTree(json.body());
		assertThat(body.get("model").asString()).isEqualTo(MODEL);
		assertThat(body.get("version").asLong()).isEqualTo(4);
		assertThat(body.get("seed").asLong()).isEqualTo(10);
		assertThat(body.get("images")).hasSize(4);
		for (int i = 0; i < 4; i++) {
			JsonNode image = body.get("images").get(i);
			assertThat(image.get("seed").asLong()).isEqualTo(10 + i);
			assertSameImage(Base64.getDecoder().decode(image.get("png").asString()),
					get("/generate?seed=" + (10 + i)).body());
		}
		BufferedImage grid = decode(
				post("/generate", "{\"seed\":10,\"count\":4,\"columns\":2,\"padding\":1}", "image/png").body());
		assertThat(grid.getWidth()).isEqualTo(2 * (GenerationFixtures.SIZE + 1) + 1);
		for (int i = 0; i < 4; i++) {
			int x = 1 + (i % 2) * (GenerationFixtures.SIZE + 1);
			int y = 1 + (i / 2) * (GenerationFixtures.SIZE + 1);
			assertSameImage(Images.png(copy(grid.getSubimage(x, y, GenerationFixtures.SIZE, GenerationFixtures.SIZE))),
					get("/generate?seed=" + (10 + i)).body());
		}
	}

	@Test
	void parallelRequestsAreBatchedWithoutChangingTheirImages() throws Exception {
		int requests = 32;
		List<byte[]> alone = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			alone.add(post("/generate",
					"{\"seed\":" + (1000 + 10 * i) + ",\"count\":" + (1 + i % 3) + ",\"format\":\"json\"}",
					"application/json")
				.body());
		}
		ExecutorService clients = Executors.newFixedThreadPool(requests);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String json = "{\"seed\":" + (1000 + 10 * i) + ",\"count\":" + (1 + i % 3) + ",\"format\":\"json\"}";
				responses.add(clients.submit(() -> {
					start.await();
					return post("/generate", json, "application/json");
				}));
			}
			start.countDown();
			for (int i = 0; i < requests; i++) {
				HttpResponse<byte[]> response = responses.get(i).get();
				assertThat(response.statusCode()).isEqualTo(200);
				assertSameImages(response.body(), alone.get(i));
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void interpolationStartsAndEndsOnTheEndpointsImages() {
		int size = GenerationFixtures.SIZE;
		BufferedImage strip = decode(post("/interpolate",
				"{\"from\":{\"seed\":3},\"to\":{\"seed\":4},\"steps\":5,\"padding\":0}", "image/png")
			.body());
		assertThat(strip.getWidth()).isEqualTo(5 * size);
		assertThat(strip.getHeight()).isEqualTo(size);
		byte[] first = get("/generate?seed=3").body();
		byte[] last = get("/generate?seed=4").body();
		assertSameImage(Images.png(copy(strip.getSubimage(0, 0, size, size))), first);
		assertSameImage(Images.png(copy(strip.getSubimage(4 * size, 0, size, size))), last);

		String vector = Arrays.toString(Latents.gaussian(3, GenerationFixtures.NZ));
		BufferedImage lerp = decode(post("/interpolate", "{\"from\":{\"vector\":" + vector
				+ "},\"to\":{\"seed\":4},\"steps\":3,\"method\":\"lerp\"," + "\"padding\":0}", "image/png")
			.body());
		assertSameImage(Images.png(copy(lerp.getSubimage(0, 0, size, size))), first);
		assertSameImage(Images.png(copy(lerp.getSubimage(2 * size, 0, size, size))), last);

		BufferedImage keyframes = decode(
				post("/interpolate", "{\"keyframes\":[3,4,5],\"steps\":3,\"padding\":0,\"columns\":5}", "image/png")
					.body());
		assertThat(keyframes.getWidth()).isEqualTo(5 * size);
		assertSameImage(Images.png(copy(keyframes.getSubimage(2 * size, 0, size, size))), last);
		assertSameImage(Images.png(copy(keyframes.getSubimage(4 * size, 0, size, size))),
				get("/generate?seed=5").body());
	}

	@Test
	void interpolationAsAnimatedGif() throws IOException {
		HttpResponse<byte[]> response = post("/interpolate",
				"{\"from\":{\"seed\":3},\"to\":{\"seed\":4},\"steps\":4,\"scale\":2,\"frameDelayMs\":80,"
						+ "\"pingPong\":true}",
				"image/gif");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/gif");
		ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(response.body()))) {
			reader.setInput(in);
			assertThat(reader.getNumImages(true)).isEqualTo(4 + 2);
			BufferedImage frame = reader.read(0);
			assertThat(frame.getWidth()).isEqualTo(2 * GenerationFixtures.SIZE);
			// Grayscale frames keep their levels: frame 0 is seed 3's image.
			BufferedImage gray = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
			for (int y = 0; y < frame.getHeight(); y++) {
				for (int x = 0; x < frame.getWidth(); x++) {
					gray.getRaster().setSample(x, y, 0, frame.getRGB(x, y) & 0xFF);
				}
			}
			assertSameImage(Images.png(gray), get("/generate?seed=3&scale=2").body());
		}
		finally {
			reader.dispose();
		}
		assertThat(post("/interpolate", "{\"keyframes\":[1,2],\"format\":\"gif\"}", "*/*").headers()
			.firstValue("Content-Type")).hasValue("image/gif");
	}

	@Test
	void latentArithmetic() {
		byte[] single = post("/latents/arithmetic", "{\"terms\":[{\"seed\":1}]}", "image/png").body();
		assertThat(single).isEqualTo(get("/generate?seed=1").body());
		String vector = Arrays.toString(Latents.gaussian(3, GenerationFixtures.NZ));
		HttpResponse<byte[]> sum = post("/latents/arithmetic",
				"{\"terms\":[{\"seed\":1,\"weight\":1},{\"seed\":2,\"weight\":-1},{\"vector\":" + vector
						+ ",\"weight\":1}],\"showTerms\":true,\"padding\":0}",
				"image/png");
		assertThat(sum.statusCode()).isEqualTo(200);
		BufferedImage row = decode(sum.body());
		int size = GenerationFixtures.SIZE;
		assertThat(row.getWidth()).isEqualTo(4 * size);
		assertSameImage(Images.png(copy(row.getSubimage(2 * size, 0, size, size))), get("/generate?seed=3").body());
	}

	@Test
	void openApiDescribesTheImageResponses() {
		JsonNode paths = JSON.readTree(get("/v3/api-docs").body()).get("paths");
		assertThat(paths.get("/generate").get("post").get("responses").get("200").get("content").has("image/png"))
			.isTrue();
		assertThat(paths.get("/interpolate").get("post").get("responses").get("200").get("content").has("image/gif"))
			.isTrue();
		assertThat(paths.get("/latents/arithmetic").get("post").get("requestBody").toString()).contains("a - b + c");
	}

	@ParameterizedTest(name = "{0} {1} -> {3}")
	@CsvSource(delimiter = '|',
			textBlock = """
					/generate            | {"count":0}                                           | image/png | 400 |
					/generate            | {"count":65}                                          | image/png | 400 | invalid-request
					/generate            | {"truncation":0}                                      | image/png | 400 |
					/generate            | {"truncation":1.5}                                    | image/png | 400 |
					/generate            | {"truncation":NaN}                                    | image/png | 400 |
					/generate            | {"truncation":"NaN"}                                  | image/png | 400 |
					/generate            | {"truncation":"Infinity"}                             | image/png | 400 |
					/generate            | {"truncation":1e999999}                               | image/png | 400 | invalid-request
					/generate            | {"scale":9}                                           | image/png | 400 |
					/generate            | {"format":"bmp"}                                      | image/png | 400 |
					/generate            | {"model":"no-such-model"}                             | image/png | 404 | model-not-found
					/generate            | {"seed":1}                                            | text/html | 406 |
					/generate            | not json                                              | image/png | 400 |
					/interpolate         | {"from":{"vector":[1,2,3]},"to":{"seed":1}}           | image/png | 400 | invalid-latent
					/interpolate         | {"from":{"vector":[1,"NaN",3]},"to":{"seed":1}}       | image/png | 400 | invalid-latent
					/interpolate         | {"from":{"seed":1,"vector":[1]},"to":{"seed":1}}      | image/png | 400 | invalid-latent
					/interpolate         | {"from":{"seed":1}}                                   | image/png | 400 | invalid-request
					/interpolate         | {"from":{"seed":1},"to":{"seed":2},"keyframes":[1,2]} | image/png | 400 | invalid-request
					/interpolate         | {"keyframes":[1]}                                     | image/png | 400 | invalid-request
					/interpolate         | {"keyframes":[1,2],"steps":65}                        | image/png | 400 | invalid-request
					/interpolate         | {"keyframes":[1,2],"steps":1}                         | image/png | 400 |
					/interpolate         | {"keyframes":[1,2],"method":"cubic"}                  | image/png | 400 |
					/interpolate         | {"keyframes":[1,2],"format":"webp"}                   | image/png | 400 |
					/latents/arithmetic  | {"terms":[]}                                          | image/png | 400 |
					/latents/arithmetic  | {"terms":[{"seed":1,"weight":"NaN"}]}                 | image/png | 400 |
					/latents/arithmetic  | {"terms":[{"vector":[1e39]}]}                         | image/png | 400 | invalid-latent
					/latents/arithmetic  | {"terms":[{"seed":1}],"model":"nope"}                 | image/png | 404 | model-not-found
					""")
	void badRequestsGetProblemDetails(String path, String body, String accept, int status, String kind) {
		HttpResponse<byte[]> response = post(path, body, accept);
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		if (kind != null) {
			assertThat(problem.get("type").asString()).isEqualTo("https://ganforge.dev/problems/" + kind);
			assertThat(problem.get("detail").asString()).isNotBlank();
		}
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					/generate            | {"cout":16}                                      | cout                | 'cout' is not recognised
					/generate            | {"seed":1.9}                                     | seed                | must be an integer
					/generate            | {"count":1.9999}                                 | count               | must be an integer
					/generate            | {"seed":""}                                      | seed                | must be an integer
					/generate            | {"seed":"5"}                                     | seed                | must be an integer
					/generate            | {"seed":1,"seed":2}                              | seed                | appears twice
					/generate            | {"seed":1e2147483647}                            | seed                | must be an integer
					/generate            | {"seed":99999999999999999999999}                 | seed                | too large for an integer (at most 9223372036854775807)
					/generate            | {"count":1e400}                                  | count               | must be an integer
					/latents/arithmetic  | {"terms":[{"seed":1}],"showTerms":1e39}          | showTerms           | true or false
					/latents/arithmetic  | {"terms":[{"seed":1}],"showTerms":1}             | showTerms           | true or false
					/latents/arithmetic  | {"terms":[{"seed":1}],"showTerms":"true"}        | showTerms           | true or false
					/latents/arithmetic  | {"terms":[{"vector":[null,1]}]}                  | terms[0].vector[0]  | must be a number, not null
					/latents/arithmetic  | {"terms":[{"seed":1,"wieght":2}]}                | terms[0].wieght     | not recognised
					/interpolate         | {"keyframes":[1,2],"steps":3} {"x":1}            |                     | after the JSON object
					""")
	void strictInputNamesTheField(String path, String body, String field, String detail) {
		HttpResponse<byte[]> response = post(path, body, "image/png");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://ganforge.dev/problems/malformed-request");
		assertThat(problem.get("detail").asString()).contains(detail);
		if (field != null) {
			assertThat(problem.get("field").asString()).isEqualTo(field);
			assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
			assertThat(problem.get("errors").get(0).get("message").asString()).isNotBlank();
		}
	}

	@Test
	void deepNestingIsRefusedAtTheFirstLevelThatDoesNotFit() {
		String body = "{\"terms\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
		HttpResponse<byte[]> response = post("/latents/arithmetic", body, "image/png");
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("detail").asString()).isEqualTo("Field 'terms[0]' must be an object.");
		assertThat(problem.get("field").asString()).isEqualTo("terms[0]");
	}

	@ParameterizedTest
	@CsvSource({ "/generate?truncation=NaN", "/generate?count=0", "/generate?count=65", "/generate?scale=0",
			"/generate?seed=abc", "/generate?model=nope" })
	void badQueriesGetProblemDetails(String path) {
		HttpResponse<byte[]> response = get(path);
		assertThat(response.statusCode()).isBetween(400, 404);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	private HttpResponse<byte[]> get(String path) {
		return send(request(path).GET().build());
	}

	private HttpResponse<byte[]> post(String path, String json, String accept) {
		return send(request(path).header("Content-Type", "application/json")
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private HttpResponse<byte[]> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static BufferedImage decode(byte[] png) {
		try {
			return ImageIO.read(new ByteArrayInputStream(png));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static BufferedImage copy(BufferedImage image) {
		BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
		copy.setData(image.getData());
		return copy;
	}

	/**
	 * An image drawn in another batch: byte-identical in practice; the documented
	 * tolerance (see {@link BatchingGenerator}) allows one level on rare pixels.
	 */
	static void assertSameImage(byte[] actual, byte[] expected) {
		if (Arrays.equals(actual, expected)) {
			return;
		}
		System.err.println("Images differ in bytes; comparing pixels within the batching tolerance");
		BufferedImage a = decode(actual);
		BufferedImage e = decode(expected);
		assertThat(a.getWidth()).isEqualTo(e.getWidth());
		assertThat(a.getHeight()).isEqualTo(e.getHeight());
		int differing = 0;
		for (int y = 0; y < e.getHeight(); y++) {
			for (int x = 0; x < e.getWidth(); x++) {
				int diff = Math.abs(a.getRaster().getSample(x, y, 0) - e.getRaster().getSample(x, y, 0));
				assertThat(diff).as("pixel %d,%d", x, y).isLessThanOrEqualTo(1);
				differing += diff;
			}
		}
		assertThat(differing).as("pixels one level off").isLessThanOrEqualTo(2);
	}

	/** Two JSON bodies of /generate with the same images within the tolerance. */
	static void assertSameImages(byte[] actualJson, byte[] expectedJson) {
		JsonNode actual = JSON.readTree(actualJson);
		JsonNode expected = JSON.readTree(expectedJson);
		assertThat(actual.get("seed")).isEqualTo(expected.get("seed"));
		assertThat(actual.get("images")).hasSameSizeAs(expected.get("images"));
		for (int i = 0; i < expected.get("images").size(); i++) {
			assertSameImage(Base64.getDecoder().decode(actual.get("images").get(i).get("png").asString()),
					Base64.getDecoder().decode(expected.get("images").get(i).get("png").asString()));
		}
	}

	private static long distinctLevels(BufferedImage image) {
		return Arrays.stream(image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null))
			.distinct()
			.count();
	}

}
