package dev.ganforge.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ganforge.checkpoint.CheckpointStore;
import dev.ganforge.generation.GenerationFixtures;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard at {@code /} in a real browser: headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, nothing downloaded) driven by Selenium
 * against the service on a random port, with a tiny real model and real training workers.
 * Screenshots go to {@code target/browser-screenshots/}. Without Chromium the tests are
 * skipped ({@code .ci/run} installs it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

	/**
	 * Debian's dataset-fashion-mnist, which the evaluating job trains on when present.
	 */
	private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

	/** The script that finds what is wrong with a tab's layout. */
	private static final String LAYOUT_PROBLEMS = resource("layout-problems.js");

	/** A number in a text. */
	private static final Pattern NUMBER = Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?");

	/** The key the test's stand-in for the API-key filter accepts. */
	static final String API_KEY = "dashboard-secret";

	private static final int SIZE = 16;

	private static Path root;

	private static WebDriver driver;

	/** The id of {@link #finishedJob()}, once submitted. */
	private static String finishedJob;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void dirs(DynamicPropertyRegistry registry) throws IOException {
		if (root == null) {
			root = Files.createTempDirectory("ganforge-dashboard");
			Files.createDirectories(root.resolve("data"));
			Path models = root.resolve("models");
			GenerationFixtures.writeTinyModel(models, "tiny");
			// The metrics of the shipped fashion-dcgan-32 as its evaluation wrote them:
			// what GET /models shows for an evaluated model (hashes, seeds, timestamps).
			Map<String, Object> shipped = CheckpointStore.readManifest(Path.of("models", "fashion-dcgan-32")).metrics();
			CheckpointStore.writeMetrics(GenerationFixtures.writeTinyModel(models, "tiny-b"), shipped);
			Map<String, Object> better = new LinkedHashMap<>(shipped);
			better.put("fd", 9.876543210);
			better.put("kid", 0.123456789);
			better.put("kidStd", 0.0456789);
			CheckpointStore.writeMetrics(GenerationFixtures.writeTinyModel(models, "tiny-c"), better);
			GenerationFixtures.writeTinyModel(models, "tiny-doomed");
			GenerationFixtures.writeTinyConditionalModel(models, "tiny-classes");
		}
		registry.add("ganforge.models.dir", () -> root.resolve("models").toString());
		registry.add("ganforge.jobs.dir", () -> root.resolve("jobs").toString());
		registry.add("ganforge.data.roots", () -> root.resolve("data") + "," + FASHION_MNIST.getParent());
		registry.add("ganforge.evaluation.cache-dir", () -> root.resolve("cache").toString());
	}

	@BeforeAll
	static void browser() throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			String reason = "Skipping the dashboard's browser tests: they need " + CHROMIUM + " and " + CHROMEDRIVER
					+ " (apt-get install chromium chromium-driver; .ci/run installs them)";
			// Surefire counts a class skipped in @BeforeAll as no tests at all: say it in
			// the log.
			LoggerFactory.getLogger(DashboardBrowserTests.class).warn(reason);
			assumeTrue(false, reason);
		}
		Files.createDirectories(SCREENSHOTS);
		// An explicit driver binary: Selenium Manager then has nothing to look up or
		// download.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-dev-shm-usage", "--window-size=1280,1400");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		driver = new ChromeDriver(service, options);
	}

	@AfterAll
	static void closeBrowser() {
		if (driver != null) {
			driver.quit();
			driver = null;
		}
	}

	@BeforeEach
	void freshSession() {
		open("");
		script("sessionStorage.clear()");
	}

	@AfterEach
	void noScriptErrors(TestInfo test) {
		screenshot(test.getTestMethod().orElseThrow().getName() + "-end");
		List<String> errors = driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			// Refused requests are logged by the browser; the tests provoke a 401 on
			// purpose.
			.filter((message) -> !message.contains("status of 401"))
			.toList();
		assertThat(errors).as("errors in the browser console").isEmpty();
	}

	@Test
	void aConditionalModelOffersItsClassesAndAClassBySeedGrid() {
		open("#gallery");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#gen-model option[value='tiny-classes']")).isEmpty());
		new Select(driver.findElement(By.id("gen-model"))).selectByValue("tiny");
		assertThat(driver.findElement(By.id("gen-class-field")).isDisplayed()).as("no classes, no picker").isFalse();
		new Select(driver.findElement(By.id("gen-model"))).selectByValue("tiny-classes");
		assertThat(driver.findElement(By.id("gen-class-field")).isDisplayed()).isTrue();
		assertThat(new Select(driver.findElement(By.id("gen-class"))).getOptions()).extracting(WebElement::getText)
			.endsWith("circle", "square", "triangle");
		setValue("#gen-seed", "5");
		setValue("#gen-count", "4");
		new Select(driver.findElement(By.id("gen-class"))).selectByValue("square");
		click("#gen-submit");
		waitUntil((d) -> text("#gen-status").startsWith("4 images from tiny-classes"));
		assertThat(driver.findElements(By.cssSelector("#gen-grid .tile img")))
			.extracting((img) -> img.getAttribute("alt"))
			.allSatisfy((alt) -> assertThat(alt).contains("class square"));

		new Select(driver.findElement(By.id("gen-class"))).selectByValue("*");
		click("#gen-submit");
		waitUntil((d) -> text("#gen-status").startsWith("12 images from tiny-classes"));
		List<String> alts = driver.findElements(By.cssSelector("#gen-grid .tile img"))
			.stream()
			.map((img) -> img.getAttribute("alt"))
			.toList();
		// One row per class, the same four seeds in each.
		assertThat(alts.get(0)).isEqualTo("Image of seed 5, class circle, from tiny-classes");
		assertThat(alts.get(4)).isEqualTo("Image of seed 5, class square, from tiny-classes");
		assertThat(alts.get(11)).isEqualTo("Image of seed 8, class triangle, from tiny-classes");
		screenshot("gallery-classes");
	}

	@Test
	void generatesAGridWhoseImagesLoadAtTheirNaturalSize() {
		open("#gallery");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#gen-model option[value='tiny']")).isEmpty());
		new Select(driver.findElement(By.id("gen-model"))).selectByValue("tiny");
		setValue("#gen-seed", "5");
		setValue("#gen-count", "6");
		setValue("#gen-scale", "3");
		click("#gen-submit");

		waitUntil((d) -> text("#gen-status").startsWith("6 images from"));
		List<WebElement> tiles = driver.findElements(By.cssSelector("#gen-grid .tile"));
		assertThat(tiles).extracting((tile) -> tile.getAttribute("data-seed"))
			.containsExactly("5", "6", "7", "8", "9", "10");
		waitUntil((d) -> imagesLoaded("#gen-grid img"));
		assertThat(naturalSizes("#gen-grid img")).as("each image is the model's 16 px times scale 3")
			.allSatisfy((size) -> assertThat(size).containsExactly(3L * SIZE, 3L * SIZE));
		assertThat(tiles.get(0).findElement(By.tagName("img")).getAttribute("alt"))
			.isEqualTo("Image of seed 5 from tiny");

		// The whole grid as one PNG: 3 columns, 2 rows, 2 px padding.
		Object grid = ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const img = new Image();
				img.onload = () => done([img.naturalWidth, img.naturalHeight]);
				img.onerror = () => done('failed');
				img.src = document.querySelector('#gen-grid-link').href;""");
		assertThat(grid).isEqualTo(List.of(3L * (48 + 2) + 2, 2L * (48 + 2) + 2));

		// Selecting an image shows its seed, by keyboard too.
		WebElement third = tiles.get(2);
		third.sendKeys(" ");
		assertThat(third.getAttribute("aria-pressed")).isEqualTo("true");
		assertThat(text("#selection-seed")).isEqualTo("7");
		click("#selection-copy");
		waitUntil((d) -> text("#selection-copied").contains("7"));
		screenshot("gallery");
	}

	@Test
	void picksTwoImagesAndPlaysTheirInterpolation() {
		open("#gallery");
		waitUntil((d) -> driver.findElements(By.cssSelector("#gen-grid .tile")).size() == 16);
		driver.findElement(By.cssSelector("#gen-grid .tile[data-seed='3']")).click();
		click("#selection-from");
		driver.findElement(By.cssSelector("#gen-grid .tile[data-seed='12']")).click();
		click("#selection-to");
		assertThat(value("#interp-from")).isEqualTo("3");
		assertThat(value("#interp-to")).isEqualTo("12");
		setValue("#interp-steps", "10");
		new Select(driver.findElement(By.id("interp-method"))).selectByValue("lerp");
		click("#interp-submit");

		waitUntil((d) -> text("#interp-status").equals("10 frames, lerp."));
		waitUntil((d) -> imagesLoaded("#interp-image"));
		WebElement gif = driver.findElement(By.id("interp-image"));
		assertThat(gif.getAttribute("src")).startsWith("blob:");
		assertThat(gif.getAttribute("alt")).isEqualTo("Animation from seed 3 to seed 12 in 10 frames (lerp)");
		assertThat(naturalSizes("#interp-image")).singleElement()
			.satisfies((size) -> assertThat(size).containsExactly(2L * SIZE, 2L * SIZE));
		// The blob is an animated GIF, not a strip.
		Object type = ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(document.querySelector('#interp-image').src).then((r) => r.blob()).then((b) => done(b.type));""");
		assertThat(type).isEqualTo("image/gif");

		// The frames download as the GIF and as a PNG strip of 10 frames, 2 px apart.
		assertThat(attribute("#interp-gif-link", "download")).isEqualTo("interpolation-3-12-10-lerp.gif");
		assertThat(attribute("#interp-png-link", "download")).isEqualTo("interpolation-3-12-10-lerp.png");
		assertThat(blobType("#interp-gif-link")).isEqualTo("image/gif");
		assertThat(blobType("#interp-png-link")).isEqualTo("image/png");
		Object strip = ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const img = new Image();
				img.onload = () => done([img.naturalWidth, img.naturalHeight]);
				img.onerror = () => done('failed');
				img.src = document.querySelector('#interp-png-link').href;""");
		assertThat(strip).isEqualTo(List.of(10L * (32 + 2) + 2, 32L + 4));

		// Latent arithmetic with the preset terms 1 - 2 + 3: a tile per term saying its
		// seed and weight, then the sum.
		click("#arith-submit");
		waitUntil((d) -> imagesLoaded("#arith-image") && imagesLoaded("#arith-tiles .term img"));
		assertThat(naturalSizes("#arith-image")).singleElement()
			.satisfies((size) -> assertThat(size).containsExactly(2L * SIZE, 2L * SIZE));
		assertThat(driver.findElements(By.cssSelector("#arith-tiles .term figcaption"))).extracting(WebElement::getText)
			.containsExactly("seed 1\nweight 1", "seed 2\nweight −1", "seed 3\nweight 1");
		assertThat(naturalSizes("#arith-tiles .term img")).hasSize(3)
			.allSatisfy((size) -> assertThat(size).containsExactly(2L * SIZE, 2L * SIZE));
		assertThat(text("#arith-tiles .result figcaption")).isEqualTo("z(1) − z(2) + z(3)");
		assertThat(text("#arith-status")).isEqualTo("z(1) − z(2) + z(3)");
		// Each term's tile is its seed's image, the one the gallery shows for that seed.
		assertThat(attribute("#arith-tiles .term[data-seed='3'] img", "src"))
			.isEqualTo(attribute("#gen-grid .tile[data-seed='3'] img", "src"));
		screenshot("interpolation");
	}

	@Test
	void startsATinyJobWatchesItLiveAndCancelsIt() {
		open("#training");
		new Select(driver.findElement(By.id("job-preset"))).selectByValue("tiny");
		setValue("#job-modelName", "browser-tiny");
		setValue("#job-steps", "100000");
		setValue("#job-seed", "7");

		// Without the key the change is refused, and the page says so and asks for it.
		click("#job-submit");
		waitUntil((d) -> driver.findElement(By.id("notice")).isDisplayed());
		assertThat(text("#notice-text")).contains("needs an API key", "401");
		assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("api-key");
		driver.findElement(By.id("api-key")).sendKeys(API_KEY);
		click("#api-key-form button[type='submit']");
		assertThat(script("return [sessionStorage.getItem('ganforge.apiKey'), localStorage.length]"))
			.isEqualTo(List.of(API_KEY, 0L));

		click("#job-submit");
		waitUntil((d) -> text("#job-form-status").startsWith("Job "));
		assertThat(driver.findElement(By.id("notice")).isDisplayed()).isFalse();
		waitUntil(Duration.ofMinutes(2), (d) -> "RUNNING".equals(attribute("#job-status", "data-status")));

		// Losses and D's outputs arrive over the events stream; sample grids as they are
		// written.
		waitUntil(Duration.ofMinutes(2), (d) -> intAttribute("#chart-losses", "data-points") >= 30);
		waitUntil(Duration.ofMinutes(1), (d) -> intAttribute("#job-sample", "data-step") >= 10);
		long firstGrid = intAttribute("#job-sample", "data-step");
		waitUntil((d) -> imagesLoaded("#job-sample"));
		assertThat(naturalSizes("#job-sample")).singleElement()
			.satisfies((size) -> assertThat(size).containsExactly(8L * SIZE + 9 * 2, 8L * SIZE + 9 * 2));
		waitUntil(Duration.ofMinutes(1), (d) -> intAttribute("#job-sample", "data-step") > firstGrid);
		assertThat(intAttribute("#chart-d", "data-points")).isGreaterThanOrEqualTo(30);
		assertThat(driver.findElements(By.cssSelector("#chart-losses canvas"))).hasSize(1);
		assertThat(text("#job-progress-text")).contains("of 100000", "images/s", "ETA");
		assertThat(driver.findElement(By.id("chart-fd-figure")).isDisplayed()).as("no FD without evaluations")
			.isFalse();
		assertThat(driver.findElements(By.cssSelector("#jobs-rows tr[data-job]"))).isNotEmpty();
		screenshot("training-live");

		click("#job-cancel");
		waitUntil(Duration.ofMinutes(2), (d) -> "CANCELLED".equals(attribute("#job-status", "data-status")));
		assertThat(driver.findElement(By.id("job-resume")).isEnabled()).isTrue();
		assertThat(driver.findElement(By.id("job-cancel")).isEnabled()).isFalse();
		waitUntil((d) -> text("#job-form-status").contains("was cancelled"));
		screenshot("training-cancelled");

		// Resumed, it carries on from its snapshot: the steps go on past where it
		// stopped.
		long stopped = intAttribute("#chart-losses", "data-points");
		click("#job-resume");
		waitUntil((d) -> text("#job-action-status").equals("Resumed from the last snapshot."));
		waitUntil(Duration.ofMinutes(2), (d) -> "RUNNING".equals(attribute("#job-status", "data-status")));
		waitUntil(Duration.ofMinutes(1), (d) -> intAttribute("#chart-losses", "data-points") > stopped);
		assertThat(text("#job-form-status")).contains("is running");
		click("#job-cancel");
		waitUntil(Duration.ofMinutes(2), (d) -> "CANCELLED".equals(attribute("#job-status", "data-status")));
	}

	@Test
	void showsTheDivergenceWarningsOfAWatchedJob() {
		// D's learning rate a thousand times G's: D wins at once and G's loss climbs.
		String job = post("/jobs",
				"{\"modelName\":\"browser-diverging\",\"dataset\":\"synthetic:256\","
						+ "\"architecture\":\"gan\",\"imageSize\":16,\"nz\":8,\"ngf\":16,\"ndf\":16,\"batchSize\":16,"
						+ "\"steps\":60,\"learningRateD\":0.01,\"learningRateG\":0.00001,\"seed\":3,"
						+ "\"divergenceWindow\":20}");
		String id = job.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		open("#training");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#jobs-rows tr[data-job='" + id + "'] .watch")).isEmpty());
		click("#jobs-rows tr[data-job='" + id + "'] .watch");
		waitUntil(Duration.ofMinutes(2), (d) -> driver.findElement(By.id("job-warnings")).isDisplayed());
		assertThat(text("#job-warnings")).contains("discriminator-wins", "D(x) = ", "warned");
		screenshot("training-warnings");
	}

	@Test
	void listsTheModelsAndSetsTheDefault() {
		script("sessionStorage.setItem('ganforge.apiKey', arguments[0])", API_KEY);
		open("#models");
		waitUntil((d) -> driver.findElements(By.cssSelector("#models-rows tr[data-model]")).size() >= 2);
		assertThat(rowText("tiny-b")).contains("READY", "dcgan", "16×16×1", "synthetic:64");
		assertThat(isDefaultInTheTable("tiny-b")).isFalse();

		click("#models-rows tr[data-model='tiny-b'] .make-default");
		waitUntil((d) -> text("#models-status").equals("The default model is now tiny-b."));
		waitUntil((d) -> isDefaultInTheTable("tiny-b"));
		assertThat(http("/models/tiny-b")).contains("\"isDefault\":true");

		driver.findElement(By.cssSelector("button[aria-label='Details of tiny-b']")).click();
		waitUntil((d) -> driver.findElement(By.id("model")).isDisplayed());
		assertThat(driver.findElement(By.id("model-manifest")).isDisplayed())
			.as("the raw manifest waits behind a toggle")
			.isFalse();
		click("#model-manifest-details summary");
		waitUntil((d) -> text("#model-manifest").contains("\"architecture\""));
		waitUntil((d) -> imagesLoaded("#model-samples"));
		assertThat(naturalSizes("#model-samples")).singleElement()
			.satisfies((size) -> assertThat(size).containsExactly(4L * (64 + 2) + 2, 4L * (64 + 2) + 2));
		screenshot("models");
		click("#models-rows tr[data-model='tiny'] .make-default");
		waitUntil((d) -> isDefaultInTheTable("tiny") && !isDefaultInTheTable("tiny-b"));
	}

	@Test
	void theFormSaysWhenItsJobHasSucceeded() {
		script("sessionStorage.setItem('ganforge.apiKey', arguments[0])", API_KEY);
		open("#training");
		new Select(driver.findElement(By.id("job-preset"))).selectByValue("tiny");
		setValue("#job-modelName", "browser-form");
		setValue("#job-steps", "20");
		setValue("#job-seed", "5");
		click("#job-submit");
		waitUntil((d) -> text("#job-form-status").startsWith("Job "));
		waitUntil(Duration.ofMinutes(2), (d) -> "SUCCEEDED".equals(attribute("#job-status", "data-status")));
		waitUntil((d) -> text("#job-form-status").contains("succeeded"));
		assertThat(text("#job-form-status")).doesNotContain("running", "queued").contains("browser-form is ready");
		assertThat(text("#job-model-link")).isEqualTo("Open browser-form in the gallery");
	}

	@Test
	void aFinishedJobStepsThroughItsGridsAndOpensItsModel() {
		String id = finishedJob();
		List<Long> steps = steps(http("/jobs/" + id + "/samples"));
		assertThat(steps).as("grids of the finished job").hasSizeGreaterThanOrEqualTo(3);
		open("#training");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#jobs-rows tr[data-job='" + id + "'] .watch")).isEmpty());
		click("#jobs-rows tr[data-job='" + id + "'] .watch");
		waitUntil((d) -> "SUCCEEDED".equals(attribute("#job-status", "data-status")));

		// The slider covers every grid and starts at the latest.
		long last = steps.get(steps.size() - 1);
		waitUntil((d) -> intAttribute("#job-sample", "data-step") == last && imagesLoaded("#job-sample"));
		WebElement slider = driver.findElement(By.id("job-step"));
		assertThat(slider.getAttribute("type")).isEqualTo("range");
		assertThat(slider.getAttribute("max")).isEqualTo(String.valueOf(steps.size() - 1));
		assertThat(slider.getDomProperty("value")).isEqualTo(String.valueOf(steps.size() - 1));
		assertThat(text("label[for='job-step']")).isEqualTo("Step");
		String latest = pixels("#job-sample");
		// Its neighbour was fetched before anyone asked for it.
		String neighbour = "/jobs/" + id + "/samples/" + steps.get(steps.size() - 2);
		waitUntil((d) -> Boolean.TRUE
			.equals(script("return performance.getEntriesByType('resource').some((e) => e.name.endsWith(arguments[0]))",
					neighbour)));

		// By keyboard: Home is the first grid, a different image; the right arrow the
		// next.
		slider.sendKeys(Keys.HOME);
		long first = steps.get(0);
		waitUntil((d) -> intAttribute("#job-sample", "data-step") == first && imagesLoaded("#job-sample"));
		assertThat(attribute("#job-sample", "src")).endsWith("/jobs/" + id + "/samples/" + first);
		assertThat(pixels("#job-sample")).as("the grid at step %d is not the one at step %d", first, last)
			.isNotEqualTo(latest);
		assertThat(text("#job-step-value")).startsWith("step " + first + " (grid 1 of " + steps.size() + ")");
		assertThat(slider.getAttribute("aria-valuetext")).isEqualTo(text("#job-step-value"));
		assertThat(driver.findElement(By.id("job-step-follow")).isSelected()).isFalse();
		slider.sendKeys(Keys.ARROW_RIGHT);
		waitUntil((d) -> intAttribute("#job-sample", "data-step") == steps.get(1));
		screenshot("training-slider");

		// The finished job links to its model, which opens in the gallery.
		assertThat(attribute("#job-model-details", "href")).endsWith("#models?model=browser-finished");
		click("#job-model-link");
		waitUntil((d) -> driver.findElement(By.id("gallery")).isDisplayed());
		waitUntil((d) -> "browser-finished".equals(value("#gen-model"))
				&& text("#gen-status").contains("from browser-finished"));
		assertThat(driver.findElement(By.id("training")).isDisplayed()).isFalse();
		screenshot("training-model-in-gallery");
	}

	@Test
	void anEvaluatingJobChartsItsFdAndKid() {
		assumeTrue(Files.isDirectory(FASHION_MNIST), "needs " + FASHION_MNIST + " (dataset-fashion-mnist)");
		String job = post("/jobs",
				"{\"modelName\":\"browser-evaluated\",\"dataset\":\"fashion-mnist:test\","
						+ "\"imageSize\":32,\"nz\":16,\"ngf\":8,\"ndf\":8,\"batchSize\":16,\"steps\":20,\"seed\":5,"
						+ "\"sampleEvery\":10,\"snapshotEvery\":0,\"evaluateEvery\":10,\"evaluateSamples\":200}");
		String id = job.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		waitUntil(Duration.ofMinutes(4), (d) -> http("/jobs/" + id).contains("\"status\":\"SUCCEEDED\""));
		open("#training");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#jobs-rows tr[data-job='" + id + "'] .watch")).isEmpty());
		click("#jobs-rows tr[data-job='" + id + "'] .watch");
		waitUntil((d) -> driver.findElement(By.id("chart-fd-figure")).isDisplayed());
		waitUntil((d) -> intAttribute("#chart-fd", "data-points") == 2);
		assertThat(text("#chart-fd-figure .u-legend")).contains("FD", "KID");
		assertThat(driver.findElement(By.id("job-evaluations-csv")).isDisplayed()).isTrue();
		assertThat(text("#job-best-link")).isEqualTo("Open the best by FD (browser-evaluated-best)");
		screenshot("training-evaluated");

		// Its model's real metrics read as the others do.
		click("#job-model-details");
		waitUntil((d) -> driver.findElement(By.id("models")).isDisplayed());
		waitUntil((d) -> !driver
			.findElements(By.cssSelector("#models-rows tr[data-model='browser-evaluated'] .quality dl"))
			.isEmpty());
		assertReadable("browser-evaluated");
		waitUntil((d) -> "browser-evaluated".equals(text("#model-name")));
	}

	@Test
	void theMetricsReadAsMeasurementsAndSortByFd() {
		open("#models");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#models-rows tr[data-model='tiny-c'] .quality dl"))
			.isEmpty());
		assertReadable("tiny-b");
		assertReadable("tiny-c");
		String row = "#models-rows tr[data-model='tiny-b'] ";
		assertThat(text(row + ".fd")).isEqualTo("21.57");
		assertThat(text(row + "[data-metric='kid'] dd")).isEqualTo("2.492 ± 0.4606");
		assertThat(text(row + "[data-metric='precision'] dd")).isEqualTo("0.7542");
		assertThat(text(row + "[data-metric='recall'] dd")).isEqualTo("0.7542");
		assertThat(text(row + "[data-metric='classifierScore'] dd")).isEqualTo("6.401");
		assertThat(text(row + "[data-metric='classEntropyBits'] dd")).isEqualTo("3.309 bits (real 3.32)");
		assertThat(text(row + "[data-metric='worstClass'] dd")).isEqualTo("Sandal at 0.8285× its share");
		assertThat(text(row + "[data-metric='basis']")).isEqualTo("5,000 images against fashion-mnist:test");
		// Each name explains itself in a tooltip.
		for (String metric : List.of("kid", "precision", "recall", "classifierScore", "classEntropyBits",
				"worstClass")) {
			assertThat(attribute(row + "[data-metric='" + metric + "'] dt [title]", "title")).as(metric)
				.hasSizeGreaterThan(40);
		}
		assertThat(attribute(row + ".fd [title]", "title")).contains("Fréchet distance");
		assertThat(text("#models-rows tr[data-model='tiny'] .quality")).isEqualTo("Not evaluated.");

		// FD sorts, best first and then worst first; models without an FD stay last.
		click("#models-sort-fd");
		assertThat(attribute("#models-fd-header", "aria-sort")).isEqualTo("ascending");
		assertThat(fdColumn()).startsWith(9.877, 21.57);
		assertSortedByFd(true);
		click("#models-sort-fd");
		assertThat(attribute("#models-fd-header", "aria-sort")).isEqualTo("descending");
		assertSortedByFd(false);

		// The internals (hash, seed, k, timestamp) are there, behind a toggle.
		click("button[aria-label='Details of tiny-b']");
		waitUntil((d) -> "tiny-b".equals(text("#model-name")));
		WebElement hash = driver
			.findElement(By.cssSelector("#model-internals [data-internal='featureExtractorSha256']"));
		assertThat(hash.isDisplayed()).isFalse();
		assertThat(text("#model-metrics [data-metric='fd'] dd")).isEqualTo("21.57");
		click("#model-internals summary");
		assertThat(hash.getText()).isEqualTo("4d3fe76d26e96a176b6438f42b9be0a5edddf1f0c0e27ec0097ffd2a3c4e7002");
		assertThat(text("#model-internals [data-internal='k']")).isEqualTo("3");
		assertThat(text("#model-internals [data-internal='seed']")).isEqualTo("0");
		assertThat(text("#model-internals [data-internal='evaluatedAt']")).contains("2026-12-07T07:22:10");
		screenshot("models-metrics");
	}

	@Test
	void comparesModelsSeedBySeed() {
		open("#models");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#compare-models input[value='tiny-b']")).isEmpty());
		click("#compare-models input[value='tiny']");
		click("#compare-submit");
		waitUntil((d) -> text("#compare-status").equals("Tick two or more models to compare."));
		click("#compare-models input[value='tiny-b']");
		click("#compare-models input[value='tiny-c']");
		setValue("#compare-seed", "40");
		setValue("#compare-count", "3");
		click("#compare-submit");
		waitUntil((d) -> text("#compare-status").startsWith("Seeds 40 to 42 from tiny, tiny-b, tiny-c."));
		assertThat(text("#compare-status")).contains("each row is one latent");
		for (String model : List.of("tiny", "tiny-b", "tiny-c")) {
			assertThat(driver.findElements(By.cssSelector("#compare-grid .compare-cell[data-model='" + model + "']")))
				.as(model)
				.extracting((cell) -> cell.getAttribute("data-seed"))
				.containsExactly("40", "41", "42");
		}
		waitUntil((d) -> imagesLoaded("#compare-grid img"));
		assertThat(text("#compare-grid .head[data-model='tiny-b'] [data-metric='fd'] dd")).isEqualTo("21.57");
		assertThat(text("#compare-grid .head[data-model='tiny-c'] [data-metric='fd'] dd")).isEqualTo("9.877");
		assertThat(text("#compare-grid .head[data-model='tiny']")).contains("Not evaluated.");
		// A row is one seed: each image is what that model's /generate gives for it.
		assertThat(attribute("#compare-grid .compare-cell[data-model='tiny-c'][data-seed='41'] img", "src"))
			.isEqualTo("data:image/png;base64," + generatedPng("tiny-c", 41));
		assertThat(attribute("#compare-grid .compare-cell[data-model='tiny'][data-seed='41'] img", "alt"))
			.isEqualTo("Seed 41 from tiny");
		screenshot("models-compare");
	}

	@Test
	void deletesAModelInTwoSteps() {
		script("sessionStorage.setItem('ganforge.apiKey', arguments[0])", API_KEY);
		open("#models");
		waitUntil((d) -> !driver.findElements(By.cssSelector("#models-rows tr[data-model='tiny-doomed']")).isEmpty());
		click("#models-rows tr[data-model='tiny-doomed'] button.danger");
		assertThat(text("#models-rows tr[data-model='tiny-doomed'] button.danger")).isEqualTo("Really delete?");
		assertThat(http("/models/tiny-doomed")).contains("\"status\":\"READY\"");
		click("#models-rows tr[data-model='tiny-doomed'] button.danger");
		waitUntil((d) -> text("#models-status").equals("tiny-doomed was deleted (archived in the models directory)."));
		assertThat(driver.findElements(By.cssSelector("#models-rows tr[data-model='tiny-doomed']"))).isEmpty();
		assertThat(driver.findElements(By.cssSelector("#compare-models input[value='tiny-doomed']"))).isEmpty();
		assertThat(http("/models/tiny-doomed")).contains("model-not-found");
	}

	/**
	 * The quality cell of a model: no hash, no timestamp, no number of over four
	 * significant digits.
	 */
	private static void assertReadable(String model) {
		String cell = (String) script("return document.querySelector(arguments[0]).textContent",
				"#models-rows tr[data-model='" + model + "'] .quality");
		assertThat(cell).as("quality of %s", model)
			.doesNotContainPattern("[0-9a-fA-F]{12,}")
			.doesNotContain("T0", "seed");
		Matcher numbers = NUMBER.matcher(cell);
		while (numbers.find()) {
			assertThat(significantDigits(numbers.group())).as("%s in %s", numbers.group(), cell).isLessThanOrEqualTo(4);
		}
		assertThat(cell.split("images against", -1)).as("the basis is said once").hasSize(2);
	}

	static int significantDigits(String number) {
		String digits = number.replace(",", "");
		boolean fraction = digits.contains(".");
		digits = digits.replace(".", "").replaceFirst("^0+", "");
		if (!fraction) {
			digits = digits.replaceFirst("0+$", "");
		}
		return digits.length();
	}

	@SuppressWarnings("unchecked")
	private static List<Double> fdColumn() {
		return (List<Double>) script("""
				return [...document.querySelectorAll('#models-rows tr[data-model] .fd')]
					.map((cell) => cell.textContent === '–' ? null : Number(cell.textContent.replace(/,/g, '')));""");
	}

	private static void assertSortedByFd(boolean ascending) {
		List<Double> column = fdColumn();
		int firstMissing = column.indexOf(null);
		List<Double> known = (firstMissing < 0) ? column : column.subList(0, firstMissing);
		assertThat(column.subList(known.size(), column.size())).as("models without an FD come last")
			.containsOnlyNulls();
		assertThat(known).hasSizeGreaterThanOrEqualTo(2);
		assertThat(known).isSortedAccordingTo(ascending ? Comparator.naturalOrder() : Comparator.reverseOrder());
	}

	/** Sample steps of a job's GET /jobs/{id}/samples answer. */
	private static List<Long> steps(String samples) {
		return Pattern.compile("\"step\":([0-9]+)")
			.matcher(samples)
			.results()
			.map((result) -> Long.parseLong(result.group(1)))
			.toList();
	}

	/** The pixels of a loaded image, as a data URL drawn through a canvas. */
	private static String pixels(String selector) {
		return (String) script("""
				const img = document.querySelector(arguments[0]);
				const canvas = document.createElement('canvas');
				canvas.width = img.naturalWidth;
				canvas.height = img.naturalHeight;
				canvas.getContext('2d').drawImage(img, 0, 0);
				return canvas.toDataURL();""", selector);
	}

	private static Object blobType(String linkSelector) {
		return ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(document.querySelector(arguments[0]).href).then((r) => r.blob()).then((b) => done(b.type));""",
				linkSelector);
	}

	/** The base64 PNG that POST /generate answers for one seed of a model, as JSON. */
	private String generatedPng(String model, long seed) {
		String answer = postJson("/generate",
				"{\"model\":\"" + model + "\",\"seed\":" + seed + ",\"count\":1,\"format\":\"json\"}");
		return answer.replaceAll("(?s).*\"png\":\"([^\"]+)\".*", "$1");
	}

	/**
	 * A phone and a wide screen, on every tab with its panels open: the page never
	 * scrolls sideways, and every control that is on show lies inside the window, where a
	 * click lands on it and not on something drawn over it.
	 */
	@Test
	void everyTabFitsAPhoneAndAWideScreen() {
		List<int[]> windows = List.of(new int[] { 360, 740 }, new int[] { 390, 844 }, new int[] { 1400, 1000 });
		List<String> problems = new ArrayList<>();
		try {
			for (int[] window : windows) {
				resize(window[0], window[1]);
				for (String tab : List.of("gallery", "training", "models")) {
					open("#" + tab);
					assertThat(script("return window.innerWidth")).isEqualTo((long) window[0]);
					populate(tab);
					String name = tab + "-" + window[0] + "x" + window[1];
					screenshot(name);
					layoutProblems(tab).forEach((problem) -> problems.add(name + ": " + problem));
				}
			}
		}
		finally {
			((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		}
		assertThat(problems).isEmpty();
	}

	/** Opens what a tab can show, so that its controls are on the page to be checked. */
	private void populate(String tab) {
		switch (tab) {
			case "gallery" -> {
				waitUntil((d) -> driver.findElements(By.cssSelector("#gen-grid .tile")).size() == 16);
				click("#gen-grid .tile[data-seed='2']");
				click("#interp-submit");
				waitUntil((d) -> imagesLoaded("#interp-image"));
				click("#arith-submit");
				waitUntil((d) -> imagesLoaded("#arith-image"));
			}
			case "training" -> {
				String id = finishedJob();
				waitUntil((d) -> !driver.findElements(By.cssSelector("#jobs-rows tr[data-job='" + id + "'] .watch"))
					.isEmpty());
				click("#jobs-rows tr[data-job='" + id + "'] .watch");
				waitUntil((d) -> "SUCCEEDED".equals(attribute("#job-status", "data-status")));
				waitUntil((d) -> imagesLoaded("#job-sample"));
				waitUntil((d) -> intAttribute("#chart-losses", "data-points") > 0);
			}
			case "models" -> {
				waitUntil((d) -> driver.findElements(By.cssSelector("#models-rows tr[data-model]")).size() >= 2);
				click("button[aria-label='Details of tiny-b']");
				waitUntil((d) -> imagesLoaded("#model-samples"));
			}
			default -> throw new IllegalArgumentException(tab);
		}
	}

	/**
	 * What is wrong with the layout of a tab: a page wider than the window, or a control
	 * on show that lies outside it or under something else, after scrolling it into view
	 * (tables may scroll inside their own container).
	 */
	@SuppressWarnings("unchecked")
	private static List<String> layoutProblems(String tab) {
		List<Object> answer = (List<Object>) script(LAYOUT_PROBLEMS, tab);
		assertThat((Long) answer.get(0)).as("controls on show on %s", tab).isGreaterThanOrEqualTo(10);
		return (List<String>) answer.get(1);
	}

	/**
	 * Emulates a window of this many CSS pixels, as a desktop browser (no zooming out).
	 */
	private static void resize(int width, int height) {
		((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
	}

	/**
	 * A tiny job that has succeeded, with three sample grids (steps 10, 20, 30);
	 * submitted once, shared by the tests.
	 */
	private String finishedJob() {
		if (finishedJob == null) {
			String job = post("/jobs",
					"{\"modelName\":\"browser-finished\",\"dataset\":\"synthetic:64\","
							+ "\"architecture\":\"gan\",\"imageSize\":16,\"nz\":8,\"ngf\":16,\"ndf\":16,"
							+ "\"batchSize\":16,\"steps\":30,\"sampleEvery\":10,\"snapshotEvery\":0,\"seed\":11}");
			String id = job.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
			waitUntil(Duration.ofMinutes(2), (d) -> http("/jobs/" + id).contains("\"status\":\"SUCCEEDED\""));
			finishedJob = id;
		}
		return finishedJob;
	}

	private void open(String fragment) {
		driver.get("http://localhost:" + this.port + "/" + fragment);
		if (!fragment.isEmpty()) {
			// A fragment alone does not reload the page.
			driver.navigate().refresh();
		}
		waitUntil((d) -> "true".equals(script("return document.body.dataset.ready || ''")));
	}

	private static Object script(String code, Object... args) {
		return ((JavascriptExecutor) driver).executeScript(code, args);
	}

	private static void waitUntil(Function<WebDriver, Boolean> condition) {
		waitUntil(Duration.ofSeconds(30), condition);
	}

	private static void waitUntil(Duration timeout, Function<WebDriver, Boolean> condition) {
		new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
	}

	private static void click(String selector) {
		driver.findElement(By.cssSelector(selector)).click();
	}

	private static void setValue(String selector, String value) {
		WebElement input = driver.findElement(By.cssSelector(selector));
		input.clear();
		input.sendKeys(value);
	}

	private static String value(String selector) {
		return driver.findElement(By.cssSelector(selector)).getDomProperty("value");
	}

	private static String text(String selector) {
		return driver.findElement(By.cssSelector(selector)).getText();
	}

	private static String attribute(String selector, String name) {
		return driver.findElement(By.cssSelector(selector)).getAttribute(name);
	}

	private static long intAttribute(String selector, String name) {
		String value = attribute(selector, name);
		return (value == null || value.isEmpty()) ? -1 : Long.parseLong(value);
	}

	private static String rowText(String model) {
		return text("#models-rows tr[data-model='" + model + "']");
	}

	private static boolean isDefaultInTheTable(String model) {
		return !driver.findElements(By.cssSelector("#models-rows tr[data-model='" + model + "'] .badge.default"))
			.isEmpty();
	}

	private static boolean imagesLoaded(String selector) {
		return Boolean.TRUE.equals(script("const imgs = [...document.querySelectorAll(arguments[0])];"
				+ "return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);", selector));
	}

	@SuppressWarnings("unchecked")
	private static List<List<Long>> naturalSizes(String selector) {
		return (List<List<Long>>) script(
				"return [...document.querySelectorAll(arguments[0])].map((i) => [i.naturalWidth, i.naturalHeight]);",
				selector);
	}

	private String post(String path, String json) {
		return send(path, json, 202);
	}

	private String postJson(String path, String json) {
		return send(path, json, 200);
	}

	private String send(String path, String json, int expected) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
					.header("Content-Type", "application/json")
					.header("X-API-Key", API_KEY)
					.POST(HttpRequest.BodyPublishers.ofString(json))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String http(String path) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
						HttpResponse.BodyHandlers.ofString());
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String resource(String name) {
		try (InputStream in = DashboardBrowserTests.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void screenshot(String name) {
		try {
			Path file = SCREENSHOTS.resolve("dashboard-" + name + ".png");
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stands in for the API-key filter (another change): changes to jobs and models need
	 * {@code X-API-Key}, answered 401 with a problem detail otherwise, so the tests see
	 * the dashboard send the key and handle a refusal.
	 */
	@TestConfiguration
	static class ApiKeyGate {

		private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

		@Bean
		FilterRegistrationBean<Filter> apiKeyGate() {
			Filter filter = (request, response, chain) -> {
				HttpServletRequest http = (HttpServletRequest) request;
				String path = http.getRequestURI();
				boolean guarded = MUTATING.contains(http.getMethod())
						&& (path.startsWith("/jobs") || path.startsWith("/models"));
				if (guarded && !API_KEY.equals(http.getHeader("X-API-Key"))) {
					HttpServletResponse answer = (HttpServletResponse) response;
					answer.setStatus(401);
					answer.setContentType("application/problem+json");
					answer.getWriter()
						.write("{\"type\":\"https://ganforge.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
								+ "\"status\":401,\"detail\":\"A valid X-API-Key header is required.\"}");
					return;
				}
				chain.doFilter(request, response);
			};
			return new FilterRegistrationBean<>(filter);
		}

	}

}
