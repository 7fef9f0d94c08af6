package dev.ganforge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.ganforge.generation.GenerationFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bad input at scale: thousands of requests generated from a fixed seed against every
 * endpoint (malformed JSON, wrong types, huge, negative and non-finite numbers, long and
 * unusual strings, traversal in model names, job ids and dataset specs, raw requests
 * Tomcat itself refuses). Every answer must come within a timeout, never be a 5xx, and be
 * a problem document when it is an error; nothing outside the data root (a canary behind
 * a symbolic link in it) is ever read.
 *
 * <p>
 * Jobs never start: valid submissions name the model that already exists (409), and
 * deletions never name it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ganforge.security.api-keys=" + ApiFuzzTests.KEY, "ganforge.models.poll-interval=1h" })
class ApiFuzzTests {

	static final String KEY = "fuzz-key-5d1c0f3a9b7e4c21";

	private static final long SEED = 20_261_128L;

	private static final int CASES_PER_ENDPOINT = 400;

	private static final String MODEL = "tiny";

	private static final int NZ = 16;

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger CASES = new AtomicInteger();

	private static final String CANARY = "GANFORGE-CANARY-" + HexFormat.of().toHexDigits(System.nanoTime());

	private static Path root;

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * Traversal in every spelling: plain, absolute, encoded, double-encoded, overlong.
	 */
	private static final List<String> TRAVERSALS = List.of("..", "../", "../..", "../../etc/passwd", "/etc/passwd",
			"..\\..\\windows\\win.ini", "%2e%2e", "%2e%2e%2f", "%2e%2e/%2e%2e/etc/passwd", "..%2F..%2Fetc%2Fpasswd",
			"%252e%252e%252f", "%2F", "a%2Fb", "%2Fetc%2Fpasswd", "....//....//etc", "..;/", "..%00", "%00",
			"%c0%ae%c0%ae%c0%af", "..%c0%af", "%5c..%5c", "~root", "C:\\Windows", "file:///etc/passwd", ".", "./.",
			"escape", "escape/secret.txt", "inside/leak.png", "%2e%2e%5c", "..%252f..%252fetc");

	private static final List<String> STRINGS = List.of("", " ", "\t", "null", "NaN", "Infinity", "-Infinity", "\u0000",
			"\u202eevil", "日本語のモデル", "😀😀😀", "\ud800", "a".repeat(10_000), "ü".repeat(300), "' OR '1'='1",
			"<script>alert(1)</script>", "${jndi:ldap://x/a}", "#{1+1}", "\r\nX-Injected: 1", "png", "json", "gif",
			"slerp", "lerp", "dcgan", "gan", "synthetic:16", "fashion-mnist", "hinge", "CANCELLED");

	private static final List<String> NUMBERS = List.of("0", "-1", "1", "2", "7", "64", "65", "1024", "2147483647",
			"2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
			"-9223372036854775809", "99999999999999999999999999999999", "1e308", "-1e308", "1e309", "4.9e-324", "1.5",
			"-0.0", "0.5", "1e-7", "NaN", "Infinity", "-Infinity", "0x10", "01", "1_000", "+1", ".5");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) throws IOException {
		if (root == null) {
			root = Files.createTempDirectory("ganforge-fuzz");
			GenerationFixtures.writeTinyModel(root.resolve("models"), MODEL);
			Path data = Files.createDirectories(root.resolve("data"));
			Path outside = Files.createDirectories(root.resolve("outside"));
			Files.writeString(outside.resolve("secret.txt"), CANARY);
			Files.write(outside.resolve("secret.png"), png());
			// A directory and a file inside the data root that lead out of it.
			Files.createSymbolicLink(data.resolve("escape"), outside);
			Path inside = Files.createDirectories(data.resolve("inside"));
			Files.createSymbolicLink(inside.resolve("leak.png"), outside.resolve("secret.png"));
		}
		registry.add("ganforge.models.dir", () -> root.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> root.resolve("jobs").toString());
		registry.add("ganforge.data.roots", () -> root.resolve("data").toString());
	}

	@AfterAll
	static void atLeastFiveThousandCases() {
		assertThat(CASES.get()).isGreaterThanOrEqualTo(5_000);
	}

	@TestFactory
	Stream<DynamicNode> everyEndpointAnswersBadInputWithAProblem() {
		Random random = new Random(SEED);
		List<DynamicNode> families = new ArrayList<>();
		families.add(family("POST /generate", random, this::postGenerate));
		families.add(family("GET /generate", random, this::getGenerate));
		families.add(family("POST /interpolate", random, this::postInterpolate));
		families.add(family("POST /latents/arithmetic", random, this::postArithmetic));
		families.add(family("POST /jobs", random, this::postJob));
		families.add(family("POST /jobs/{id}/cancel|resume", random, this::jobAction));
		families.add(family("GET /jobs/...", random, this::getJob));
		families.add(family("GET|DELETE /models/...", random, this::modelRequest));
		families.add(family("any path", random, this::anyPath));
		families.add(family("raw bytes", random, this::malformedBody));
		families.add(family("mutations without a valid key", random, this::unauthenticated));
		families.add(family("evaluations", random, this::evaluations));
		families.add(family("dataset specs", random, this::datasetSpec));
		return families.stream();
	}

	@Test
	void encodedSlashesReachTheApplication() {
		Result invalidName = send(new Case("GET", "/models/a%2Fb", null, null, null));
		assertProblem(invalidName, 400, "invalid-model-name");
		Result traversal = send(new Case("DELETE", "/models/..%2F..%2Fetc%2Fpasswd", null, "application/json", KEY));
		assertProblem(traversal, 400, "invalid-model-name");
		Result doubleEncoded = send(new Case("GET", "/models/%252e%252e%252fetc", null, null, null));
		assertThat(doubleEncoded.status()).isIn(400, 404);
		assertThat(doubleEncoded.contentType()).isEqualTo("application/problem+json");
	}

	@Test
	void tomcatsOwnRefusalsAreProblems() {
		// Normalises above the root: refused by Tomcat before any servlet.
		Result aboveRoot = send(new Case("GET", "/%2e%2e/%2e%2e/etc/passwd", null, null, null));
		assertProblem(aboveRoot, 400, "bad-request");
		Result badEscape = raw("GET /models/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertProblem(badEscape, 400, "bad-request");
		Result illegal = raw("GET /models/a|b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(illegal.status()).isEqualTo(400);
	}

	@Test
	void queryStringsTomcatCannotDecodeAre400Problems() {
		for (String path : List.of("/generate?seed=%ff", "/generate?=1", "/generate?seed=1&=2", "/models?page=%ff",
				"/models?page=%zz", "/actuator/health?x=%ff", "/actuator/prometheus?name=%c0%af",
				"/jobs?x=" + "%e2%82".repeat(3), "/generate?" + "a=1&".repeat(1_001))) {
			assertProblem(send(new Case("GET", path, null, null, null)), 400, "invalid-query");
		}
		// Refused before any handler reads the body or the key is checked for the job.
		Result job = send(
				new Case("POST", "/jobs?x=%ff", "{\"modelName\":\"" + MODEL + "\"}", "application/json", KEY));
		assertProblem(job, 400, "invalid-query");
		assertThat(send(new Case("GET", "/generate?seed=7&format=json&model=" + MODEL, null, null, null)).status())
			.isEqualTo(200);
	}

	@Test
	void multipartBodiesAre415WithOrWithoutABoundary() {
		for (String contentType : List.of("multipart/form-data", "multipart/form-data; boundary=x",
				"multipart/mixed")) {
			for (Case c : List.of(new Case("POST", "/generate", "--x--", contentType, KEY),
					new Case("POST", "/jobs", "--x--", contentType, KEY),
					new Case("PUT", "/models/default", "--x--", contentType, KEY),
					new Case("POST", "/interpolate", "--x--", contentType, KEY))) {
				assertProblem(send(c), 415, "unsupported-media-type");
			}
		}
	}

	@Test
	void encodedBodiesAre415AndSayWhatIsAccepted() {
		for (String encoding : List.of("gzip", "br", "deflate", "x-anything")) {
			String response = raw("POST /generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Encoding: " + encoding + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
				.toString();
			assertThat(response).as(encoding).contains("415", "unsupported-content-encoding");
		}
		assertThat(raw("POST /generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Encoding: identity\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{\"seed\": 1}")
			.status()).isNotEqualTo(415);
	}

	@Test
	void anAcceptThatCannotBeParsedIsNoPreference() {
		for (String accept : List.of("garbage///", "text/", ";;;")) {
			Result models = raw(
					"GET /models HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept + "\r\nConnection: close\r\n\r\n");
			assertThat(models.status()).as(accept).isEqualTo(200);
			Result missing = raw("GET /models/no-such-model HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
					+ "\r\nConnection: close\r\n\r\n");
			assertProblem(missing, 404, "model-not-found");
		}
	}

	@Test
	void healthPathsWithoutAComponentAre404() {
		for (String path : List.of("/actuator/health/a", "/actuator/health/a/b", "/actuator/health/ping/x",
				"/actuator/health/liveness/x", "/actuator/health/liveness/x/y", "/actuator/health/models/a/b")) {
			assertProblem(send(new Case("GET", path, null, null, null)), 404, "not-found");
		}
		assertThat(send(new Case("GET", "/actuator/health/liveness", null, null, null)).status()).isEqualTo(200);
	}

	@Test
	void specsLeadingOutOfTheDataRootAreRefusedUnread() {
		for (String spec : List.of("folder:escape", "folder:escape/", "folder:./escape", "folder:inside/../escape",
				"folder:" + root.resolve("outside"), "folder:../outside", "folder:%2e%2e/outside")) {
			// The model exists: were the spec accepted, this would be a 409, never a job.
			Result result = send(new Case("POST", "/jobs",
					"{\"modelName\":\"" + MODEL + "\",\"dataset\":" + JSON.writeValueAsString(spec) + "}",
					"application/json", KEY));
			assertProblem(result, 400, "invalid-request");
			assertThat(result.body()).doesNotContain(CANARY);
		}
		assertThat(root.resolve("jobs")).satisfiesAnyOf((dir) -> assertThat(dir).doesNotExist(),
				(dir) -> assertThat(dir).isEmptyDirectory());
	}

	// --- families ----------------------------------------------------------------------

	private DynamicContainer family(String name, Random random, Function<Random, Case> generator) {
		long seed = random.nextLong();
		Random own = new Random(seed);
		List<Case> cases = IntStream.range(0, CASES_PER_ENDPOINT).mapToObj((i) -> generator.apply(own)).toList();
		return DynamicContainer.dynamicContainer(name + " (seed " + seed + ")",
				IntStream.range(0, cases.size()).mapToObj((i) -> {
					Case c = cases.get(i);
					return DynamicTest.dynamicTest("#" + i + " " + c.describe(), () -> check(c));
				}));
	}

	private Case postGenerate(Random r) {
		return jsonCase(r, "/generate", generateFields(r), KEY);
	}

	private List<Field> generateFields(Random r) {
		return List.of(new Field("model", "\"" + MODEL + "\""), new Field("seed", "42"),
				new Field("count", Integer.toString(1 + r.nextInt(4))), new Field("truncation", "0.7"),
				new Field("columns", "2"), new Field("padding", "1"), new Field("scale", "2"),
				new Field("format", r.nextBoolean() ? "\"png\"" : "\"json\""));
	}

	private Case getGenerate(Random r) {
		String[] names = { "model", "seed", "count", "truncation", "columns", "padding", "scale", "format", "x" };
		StringBuilder query = new StringBuilder("/generate?");
		int n = r.nextInt(5);
		for (int i = 0; i < n; i++) {
			String name = pick(r, names);
			String value = r.nextBoolean() ? pick(r, NUMBERS) : pick(r, r.nextBoolean() ? STRINGS : TRAVERSALS);
			query.append(name).append('=').append(encodeQuery(value)).append('&');
		}
		return new Case("GET", query.toString(), null, null, null);
	}

	private Case postInterpolate(Random r) {
		List<Field> fields = List.of(new Field("model", "\"" + MODEL + "\""),
				new Field("from", r.nextBoolean() ? "{\"seed\":1}" : vector(r, NZ)), new Field("to", "{\"seed\":2}"),
				new Field("keyframes", "[1,2,3]"), new Field("steps", Integer.toString(2 + r.nextInt(6))),
				new Field("method", r.nextBoolean() ? "\"slerp\"" : "\"lerp\""), new Field("columns", "4"),
				new Field("scale", "1"), new Field("format", r.nextBoolean() ? "\"gif\"" : "\"png\""),
				new Field("frameDelayMs", "50"), new Field("loop", "0"), new Field("pingPong", "true"));
		List<Field> chosen = new ArrayList<>(fields);
		// from/to and keyframes are alternatives: usually keep one form.
		if (r.nextInt(4) > 0) {
			chosen.removeIf((f) -> r.nextBoolean() ? f.name().equals("keyframes")
					: f.name().equals("from") || f.name().equals("to"));
		}
		return jsonCase(r, "/interpolate", chosen, null);
	}

	private Case postArithmetic(Random r) {
		StringBuilder terms = new StringBuilder("[");
		int n = 1 + r.nextInt(4);
		for (int i = 0; i < n; i++) {
			terms.append((i > 0) ? "," : "")
				.append(r.nextBoolean() ? "{\"seed\":" + r.nextInt(100) + ",\"weight\":" + (r.nextInt(5) - 2) + "}"
						: "{\"vector\":" + vector(r, NZ) + "}");
		}
		terms.append(']');
		return jsonCase(
				r, "/latents/arithmetic", List.of(new Field("model", "\"" + MODEL + "\""),
						new Field("terms", terms.toString()), new Field("showTerms", "true"), new Field("scale", "2")),
				null);
	}

	private Case postJob(Random r) {
		// The model exists, so a valid request is a 409 and no job ever starts.
		List<Field> fields = List.of(new Field("modelName", "\"" + MODEL + "\""),
				new Field("dataset", "\"synthetic:64\""), new Field("architecture", "\"gan\""),
				new Field("imageSize", "16"), new Field("channels", "1"), new Field("nz", "8"), new Field("ngf", "8"),
				new Field("ndf", "8"), new Field("epochs", "1"), new Field("steps", "2"), new Field("batchSize", "16"),
				new Field("learningRateD", "2e-4"), new Field("learningRateG", "2e-4"), new Field("beta1", "0.5"),
				new Field("beta2", "0.999"), new Field("loss", "\"hinge\""), new Field("seed", "1"),
				new Field("sampleEvery", "1"), new Field("snapshotEvery", "1"), new Field("labelSmoothing", "0"),
				new Field("emaDecay", "0"), new Field("dSteps", "1"), new Field("spectralNorm", "false"));
		Case c = jsonCase(r, "/jobs", fields, KEY);
		return c.withBody(keepModelName(c.body()));
	}

	private Case jobAction(Random r) {
		String id = r.nextBoolean() ? pick(r, TRAVERSALS) : randomString(r);
		return new Case("POST", "/jobs/" + encodePath(id) + (r.nextBoolean() ? "/cancel" : "/resume"),
				r.nextInt(4) == 0 ? "{}" : null, "application/json", KEY);
	}

	private Case getJob(Random r) {
		String id = switch (r.nextInt(3)) {
			case 0 -> pick(r, TRAVERSALS);
			case 1 -> "00tp8cxr-c60a1a";
			default -> randomString(r);
		};
		String[] tails = { "", "/samples", "/samples/latest", "/samples/" + encodePath(pick(r, NUMBERS)),
				"/losses?format=" + encodeQuery(pick(r, STRINGS)), "/losses?after=" + encodeQuery(pick(r, NUMBERS)),
				"/losses/plot?width=" + encodeQuery(pick(r, NUMBERS)), "/log", "/events" };
		String path = (r.nextInt(5) == 0) ? "/jobs?status=" + encodeQuery(pick(r, STRINGS)) + "&page="
				+ encodeQuery(pick(r, NUMBERS)) + "&size=" + encodeQuery(pick(r, NUMBERS))
				: "/jobs/" + encodePath(id) + pick(r, tails);
		return new Case("GET", path, null, null, null);
	}

	private Case modelRequest(Random r) {
		String name = r.nextBoolean() ? pick(r, TRAVERSALS) : randomString(r);
		if (r.nextInt(5) == 0) {
			return new Case("GET",
					"/models?page=" + encodeQuery(pick(r, NUMBERS)) + "&size=" + encodeQuery(pick(r, NUMBERS)), null,
					null, null);
		}
		String path = "/models/" + encodePath(name);
		if (decodesTo(path, MODEL)) {
			path = "/models/not-" + MODEL;
		}
		return new Case(r.nextBoolean() ? "DELETE" : "GET", path, null, null, KEY);
	}

	private Case anyPath(Random r) {
		String[] prefixes = { "", "/models", "/jobs", "/generate", "/actuator", "/actuator/health", "/swagger-ui",
				"/v3/api-docs", "/webjars", "/static", "/error", "/latents" };
		String[] methods = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };
		StringBuilder path = new StringBuilder(pick(r, prefixes));
		int segments = 1 + r.nextInt(4);
		for (int i = 0; i < segments; i++) {
			path.append('/').append(r.nextBoolean() ? pick(r, TRAVERSALS) : encodePath(randomString(r)));
		}
		String p = path.toString().replace("\\", "%5C").replace(" ", "%20");
		String method = pick(r, methods);
		if (decodesTo(p, MODEL)) {
			p = "/nothing";
		}
		boolean body = !method.equals("GET") && !method.equals("OPTIONS") && r.nextBoolean();
		return new Case(method, p, body ? "{\"a\":1}" : null, body ? "application/json" : null,
				r.nextBoolean() ? KEY : null);
	}

	private Case malformedBody(Random r) {
		String[] paths = { "/generate", "/interpolate", "/latents/arithmetic", "/jobs" };
		String[] bodies = { "", "{", "}", "[", "{\"seed\":}", "{\"seed\":1,}", "{'seed':1}", "{\"seed\":1} trailing",
				"\ufeff{\"seed\":1}", "/* c */{\"seed\":1}", "null", "true", "[]", "\"text\"", "123",
				"{\"seed\":1e99999}", "{\"seed\":NaN}", "{\"seed\":Infinity}", "{\"truncation\":-Infinity}",
				"[".repeat(5000), "{\"a\":".repeat(2000), "{\"seed\":\"" + "9".repeat(2000) + "\"}",
				"{\"count\":" + "9".repeat(5000) + "}", "\u0000\u0001\u0002", "{\"seed\":1}".repeat(1000),
				"{\"model\":\"\\ud800\"}", "{\"model\":\"\\u0000\"}" };
		String[] types = { "application/json", "application/json; charset=utf-16", "application/json; charset=bogus!",
				"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
				"*/*", "application/json;;;", "" };
		String body = pick(r, bodies);
		if (r.nextInt(6) == 0) {
			body = randomBytesAsLatin1(r, 1 + r.nextInt(2_000));
		}
		String type = pick(r, types);
		return new Case("POST", pick(r, paths), body, type.isEmpty() ? null : type, KEY);
	}

	private Case unauthenticated(Random r) {
		String[] paths = { "/jobs", "/jobs/" + encodePath(randomString(r)) + "/cancel", "/jobs/x/resume",
				"/models/" + encodePath(pick(r, TRAVERSALS)), "/models/tiny", "/models/default",
				"/models/tiny/evaluations", "/actuator/shutdown" };
		String[] methods = { "POST", "PUT", "DELETE", "PATCH" };
		String key = switch (r.nextInt(4)) {
			case 0 -> null;
			case 1 -> "";
			case 2 -> KEY.substring(0, 1 + r.nextInt(KEY.length() - 1));
			default -> randomString(r).replaceAll("[^\\x21-\\x7e]", "x") + "x";
		};
		return new Case(pick(r, methods), pick(r, paths), "{\"modelName\":\"x\"}", "application/json", key)
			.expecting(401);
	}

	private Case evaluations(Random r) {
		String name = r.nextBoolean() ? MODEL : encodePath(pick(r, TRAVERSALS));
		Case c = jsonCase(r, "/models/" + name + "/evaluations",
				List.of(new Field("samples", "16"), new Field("metrics", "[\"fid\"]")), KEY);
		// The evaluation endpoint is another team's; until it lands this is a 404. Never
		// start one for real: keep the sample count invalid.
		return c.withBody((c.body() != null) ? c.body().replace("\"samples\":16", "\"samples\":-1") : null);
	}

	private Case datasetSpec(Random r) {
		String[] kinds = { "folder:", "mnist:", "fashion-mnist:", "synthetic:", "", "FOLDER:", "folder::" };
		String spec = pick(r, kinds) + (r.nextBoolean() ? pick(r, TRAVERSALS) : randomString(r));
		boolean leaves = spec.startsWith("folder:")
				&& (spec.contains("..") || spec.contains("escape") || spec.contains("leak")
						|| spec.startsWith("folder:/") || spec.startsWith("folder:\\") || spec.contains("etc"));
		// Otherwise valid, for the model that exists: a spec that passes is a 409, so no
		// job starts; one that leads out of the data root must be a 400.
		Case c = new Case("POST", "/jobs", "{\"modelName\":\"" + MODEL + "\",\"dataset\":"
				+ JSON.writeValueAsString(spec) + ",\"architecture\":\"gan\",\"imageSize\":16,\"steps\":2}",
				"application/json", KEY);
		return leaves ? c.expecting(400) : c;
	}

	// --- checking
	// ------------------------------------------------------------------------

	private void check(Case c) {
		CASES.incrementAndGet();
		Result result = send(c);
		if (result.status() >= 500) {
			fail("5xx for " + c.describe() + ": " + result.status() + " " + abbreviate(result.body()));
		}
		if (c.expected() != null && !(c.expected() == 401 && isTomcatRefusal(result))) {
			assertThat(result.status()).as(c.describe()).isEqualTo(c.expected());
		}
		if (result.status() >= 400) {
			assertThat(result.contentType())
				.as("content type of %s (%d: %s)", c.describe(), result.status(), abbreviate(result.body()))
				.isEqualTo("application/problem+json");
			JsonNode problem = JSON.readTree(result.body());
			assertThat(problem.path("type").asString()).as(c.describe()).startsWith("https://ganforge.dev/problems/");
			assertThat(problem.path("status").asInt()).as(c.describe()).isEqualTo(result.status());
		}
		assertThat(result.body()).as(c.describe()).doesNotContain(CANARY).doesNotContain("root:x:0:0");
	}

	/**
	 * A URL Tomcat refuses before any filter (a NUL, a backslash, invalid UTF-8, '..'
	 * above the root): 400 whatever the key, which says nothing about any resource.
	 */
	private static boolean isTomcatRefusal(Result result) {
		return result.status() == 400 && "application/problem+json".equals(result.contentType())
				&& JSON.readTree(result.body()).path("type").asString().endsWith("/bad-request");
	}

	private static void assertProblem(Result result, int status, String kind) {
		assertThat(result.status()).as(result.body()).isEqualTo(status);
		assertThat(result.contentType()).isEqualTo("application/problem+json");
		assertThat(JSON.readTree(result.body()).path("type").asString())
			.isEqualTo("https://ganforge.dev/problems/" + kind);
	}

	private Result send(Case c) {
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + c.path()));
		}
		catch (IllegalArgumentException ex) {
			// Not a URI the client can send: send it raw instead.
			return raw(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		}
		request.timeout(TIMEOUT)
			.method(c.method(),
					(c.body() != null) ? HttpRequest.BodyPublishers.ofString(c.body(), StandardCharsets.ISO_8859_1)
							: HttpRequest.BodyPublishers.noBody());
		if (c.contentType() != null) {
			request.header("Content-Type", c.contentType());
		}
		if (c.key() != null) {
			request.header("X-API-Key", c.key());
		}
		try {
			HttpResponse<String> response = HTTP.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Result(response.statusCode(),
					response.headers().firstValue("Content-Type").map(ApiFuzzTests::mediaType).orElse(null),
					response.body());
		}
		catch (HttpTimeoutException ex) {
			throw new AssertionError("No answer within " + TIMEOUT + " to " + c.describe(), ex);
		}
		catch (IOException ex) {
			throw new AssertionError("I/O error on " + c.describe() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** A request the HTTP client would refuse to send: over a plain socket. */
	private Result raw(String request) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int headersEnd = response.indexOf("\r\n\r\n");
			String head = (headersEnd >= 0) ? response.substring(0, headersEnd) : response;
			String body = (headersEnd >= 0) ? response.substring(headersEnd + 4) : "";
			int status = Integer.parseInt(head.substring(9, 12));
			String type = head.lines()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
				.map((line) -> mediaType(line.substring(13).strip()))
				.findFirst()
				.orElse(null);
			if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
				body = dechunk(body);
			}
			return new Result(status, type, body);
		}
		catch (IOException ex) {
			throw new AssertionError("I/O error on raw request " + abbreviate(request) + ": " + ex, ex);
		}
	}

	/** A chunked body's data: each chunk is its hexadecimal size, CRLF, data, CRLF. */
	private static String dechunk(String chunked) {
		StringBuilder data = new StringBuilder();
		int at = 0;
		while (true) {
			int sizeEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, sizeEnd).strip(), 16);
			if (size == 0) {
				return data.toString();
			}
			data.append(chunked, sizeEnd + 2, sizeEnd + 2 + size);
			at = sizeEnd + 2 + size + 2;
		}
	}

	// --- generators --------------------------------------------------------------------

	/**
	 * A JSON body from a valid template: unchanged, with one or more values replaced by
	 * anything, with fields dropped or unknown ones added, or broken as text.
	 */
	private Case jsonCase(Random r, String path, List<Field> template, String key) {
		List<String> members = new ArrayList<>();
		for (Field field : template) {
			if (r.nextInt(6) == 0) {
				continue;
			}
			String value = (r.nextInt(3) == 0) ? anyValue(r, 0) : field.value();
			members.add(JSON.writeValueAsString(field.name()) + ":" + value);
		}
		if (r.nextInt(5) == 0) {
			members.add(JSON.writeValueAsString(pick(r, STRINGS)) + ":" + anyValue(r, 0));
		}
		String body = "{" + String.join(",", members) + "}";
		switch (r.nextInt(10)) {
			case 0 -> body = body.substring(0, r.nextInt(body.length() + 1));
			case 1 -> body = body.replace(",", ",,");
			case 2 -> body = body.replace("\"", "'");
			default -> {
			}
		}
		return new Case("POST", path, body, "application/json", key);
	}

	/** Any JSON value, sometimes not JSON at all (NaN, Infinity, 1_000). */
	private String anyValue(Random r, int depth) {
		return switch (r.nextInt((depth > 2) ? 5 : 8)) {
			case 0, 1 -> pick(r, NUMBERS);
			case 2 -> JSON.writeValueAsString(pick(r, r.nextBoolean() ? STRINGS : TRAVERSALS));
			case 3 -> pick(r, List.of("true", "false", "null"));
			case 4 -> JSON.writeValueAsString(randomString(r));
			case 5 -> vector(r, pick(r, List.of(0, 1, NZ - 1, NZ, NZ + 1, 5_000)));
			case 6 -> "[" + anyValue(r, depth + 1) + "," + anyValue(r, depth + 1) + "]";
			default -> "{\"seed\":" + anyValue(r, depth + 1) + ",\"vector\":" + anyValue(r, depth + 1) + "}";
		};
	}

	private static String vector(Random r, int length) {
		StringBuilder vector = new StringBuilder("[");
		for (int i = 0; i < length; i++) {
			vector.append((i > 0) ? "," : "");
			vector.append((r.nextInt(50) == 0) ? pick(r, NUMBERS) : Float.toString((float) r.nextGaussian()));
		}
		return vector.append(']').toString();
	}

	private static String randomString(Random r) {
		int length = switch (r.nextInt(4)) {
			case 0 -> 0;
			case 1 -> 1 + r.nextInt(8);
			case 2 -> 9 + r.nextInt(64);
			default -> 200 + r.nextInt(3_000);
		};
		StringBuilder s = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			int kind = r.nextInt(10);
			if (kind < 6) {
				s.append((char) ('a' + r.nextInt(26)));
			}
			else if (kind < 8) {
				s.append("./\\%;:?#&=+-_~ \t".charAt(r.nextInt(16)));
			}
			else {
				s.appendCodePoint(pick(r, List.of(0x00e9, 0x4e2d, 0x1f600, 0x202e, 0x0000, 0x007f, 0xfeff, 0x10ffff)));
			}
		}
		return s.toString();
	}

	private static String randomBytesAsLatin1(Random r, int length) {
		byte[] bytes = new byte[length];
		r.nextBytes(bytes);
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

	/** Keeps the existing model's name whenever the body would otherwise name another. */
	private static String keepModelName(String body) {
		if (body == null || body.contains("\"modelName\":\"" + MODEL + "\"")) {
			return body;
		}
		// Whatever else the body says, it must not be a valid request for a new model:
		// an out-of-range batch size makes sure.
		int brace = body.lastIndexOf('}');
		return (brace > 0) ? body.substring(0, brace) + ",\"batchSize\":-1}" : body;
	}

	/**
	 * Percent-encodes a path segment except existing escapes, which stay as given (to
	 * send pre-encoded and double-encoded traversal), and '/' when it is meant literally.
	 */
	private static String encodePath(String segment) {
		StringBuilder out = new StringBuilder();
		byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xff;
			boolean escape = b == '%' && i + 2 < bytes.length + 0 && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
			if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || "-._~/".indexOf(b) >= 0
					|| escape) {
				out.append((char) b);
			}
			else {
				out.append('%').append(String.format("%02X", b));
			}
		}
		return out.toString();
	}

	/** Raw bytes (chars up to 0xff) as they are, text with other characters as UTF-8. */
	private static java.nio.charset.Charset charset(String body) {
		return body.chars().anyMatch((c) -> c > 0xff) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
	}

	private static String encodeQuery(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static boolean isHex(byte b) {
		return Character.digit(b, 16) >= 0;
	}

	private static boolean decodesTo(String path, String name) {
		String decoded = path;
		for (int i = 0; i < 3; i++) {
			try {
				decoded = java.net.URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				break;
			}
		}
		return decoded.contains(name);
	}

	private static <T> T pick(Random r, List<T> values) {
		return values.get(r.nextInt(values.size()));
	}

	private static String pick(Random r, String[] values) {
		return values[r.nextInt(values.length)];
	}

	private static String mediaType(String contentType) {
		int semicolon = contentType.indexOf(';');
		return ((semicolon >= 0) ? contentType.substring(0, semicolon) : contentType).strip();
	}

	private static String abbreviate(String text) {
		String flat = (text == null) ? "null" : text.replaceAll("[\\p{Cntrl}]", "?");
		return (flat.length() > 200) ? flat.substring(0, 200) + "…" : flat;
	}

	private static byte[] png() {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 16,
				java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
		try (var out = new java.io.ByteArrayOutputStream()) {
			javax.imageio.ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	record Field(String name, String value) {
	}

	record Case(String method, String path, String body, String contentType, String key, Integer expected) {

		Case(String method, String path, String body, String contentType, String key) {
			this(method, path, body, contentType, key, null);
		}

		Case withBody(String newBody) {
			return new Case(this.method, this.path, newBody, this.contentType, this.key, this.expected);
		}

		Case expecting(int status) {
			return new Case(this.method, this.path, this.body, this.contentType, this.key, status);
		}

		String describe() {
			String b = (this.body == null) ? "" : " " + abbreviate(this.body);
			return this.method + " " + abbreviate(this.path) + ((this.key == null) ? "" : " [key]") + b;
		}

	}

	record Result(int status, String contentType, String body) {
	}

}
