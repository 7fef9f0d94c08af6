package dev.ganforge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of the soak benchmark, run by {@code bench/soak.sh}; not a test.
 *
 * <p>
 * {@code <baseUrl> <concurrency> <seconds>}: a closed loop of {@code concurrency}
 * threads, each sending, with fixed-seed randomness, three in four times
 * {@code POST /generate} for 1 to 16 PNG images and otherwise {@code POST /interpolate}
 * between two seeds with 4 to 16 frames. Every answer is counted by status (a 503 is the
 * intended overload answer; anything else but 200, and any exception, is an error); after
 * a warm-up of the first minute it records every latency. Prints one JSON line a minute
 * and a summary.
 */
public final class SoakLoad {

	private SoakLoad() {
	}

	public static void main(String[] args) throws InterruptedException {
		String baseUrl = args[0];
		int concurrency = Integer.parseInt(args[1]);
		int seconds = Integer.parseInt(args[2]);
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		long begun = System.nanoTime();
		long warmupEnd = begun + Math.min(60, seconds / 4) * 1_000_000_000L;
		long end = begun + seconds * 1_000_000_000L;
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
		AtomicLong images = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			SplittableRandom random = new SplittableRandom(1000 + t);
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < end) {
					boolean generate = random.nextInt(4) != 0;
					int n = generate ? 1 + random.nextInt(16) : 4 + random.nextInt(13);
					long seed = random.nextLong(1L << 32);
					String path = generate ? "/generate" : "/interpolate";
					String body = generate ? "{\"seed\":" + seed + ",\"count\":" + n + "}" : "{\"from\":{\"seed\":"
							+ seed + "},\"to\":{\"seed\":" + (seed + 1) + "},\"steps\":" + n + "}";
					HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
						.header("Content-Type", "application/json")
						.header("Accept", "image/png")
						.timeout(Duration.ofSeconds(60))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build();
					long started = System.nanoTime();
					String outcome;
					try {
						HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
						outcome = path + " " + response.statusCode();
						if (response.statusCode() == 200) {
							images.addAndGet(n);
							if (started > warmupEnd) {
								latencies.add(System.nanoTime() - started);
							}
						}
						else if (response.statusCode() == 503) {
							sleepQuietly(100);
						}
					}
					catch (Exception ex) {
						outcome = path + " " + ex.getClass().getSimpleName();
					}
					outcomes.computeIfAbsent(outcome, (key) -> new AtomicLong()).incrementAndGet();
				}
			});
			thread.start();
			threads.add(thread);
		}
		long lastImages = 0;
		for (int minute = 1; System.nanoTime() < end; minute++) {
			long next = begun + minute * 60_000_000_000L;
			while (System.nanoTime() < Math.min(next, end)) {
				sleepQuietly(200);
			}
			long now = images.get();
			System.out.printf(Locale.ROOT, "{\"minute\":%d,\"imagesPerSecond\":%.1f,\"outcomes\":%s}%n", minute,
					(now - lastImages) / 60.0, json(outcomes));
			lastImages = now;
		}
		for (Thread thread : threads) {
			thread.join();
		}
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		double measured = (end - warmupEnd) / 1e9;
		long ok = outcomes.entrySet()
			.stream()
			.filter((e) -> e.getKey().endsWith(" 200"))
			.mapToLong((e) -> e.getValue().get())
			.sum();
		long overloaded = outcomes.entrySet()
			.stream()
			.filter((e) -> e.getKey().endsWith(" 503"))
			.mapToLong((e) -> e.getValue().get())
			.sum();
		long total = outcomes.values().stream().mapToLong(AtomicLong::get).sum();
		System.out.printf(Locale.ROOT,
				"{\"mode\":\"soak\",\"concurrency\":%d,\"seconds\":%d,\"requests\":%d,\"ok\":%d,\"overloaded503\":%d,"
						+ "\"errors\":%d,\"requestsPerSecond\":%.1f,\"imagesPerSecond\":%.1f,\"p50Ms\":%.1f,\"p99Ms\":%.1f,"
						+ "\"outcomes\":%s}%n",
				concurrency, seconds, total, ok, overloaded, total - ok - overloaded, sorted.size() / measured,
				images.get() / (seconds * 1.0), percentile(sorted, 0.50), percentile(sorted, 0.99), json(outcomes));
	}

	private static String json(Map<String, AtomicLong> outcomes) {
		StringBuilder out = new StringBuilder("{");
		new TreeMap<>(outcomes).forEach((key, count) -> out.append(out.length() > 1 ? "," : "")
			.append('"')
			.append(key)
			.append("\":")
			.append(count.get()));
		return out.append('}').toString();
	}

	private static double percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1e6;
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
