package dev.ganforge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.ganforge.models.LoadedModel;
import dev.ganforge.nn.Latents;

/**
 * Generation throughput, run by {@code bench/serving-bench.sh}; not a test.
 *
 * <ul>
 * <li>{@code raw <modelDir>}: in-process generator throughput at batch 1, 16 and 64.</li>
 * <li>{@code load <baseUrl> <concurrency> <seconds>}: a closed-loop load generator. Each
 * of {@code concurrency} threads sends {@code POST /generate} for one PNG image with its
 * own seeds, waits for the answer, and sends the next; after a warm-up of a quarter of
 * the time, it records every latency and reports images/s, p50 and p99.</li>
 * </ul>
 */
public final class ServingBenchmark {

	private ServingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		if ("raw".equals(args[0])) {
			raw(Path.of(args[1]));
		}
		else {
			load(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
		}
	}

	private static void raw(Path dir) {
		try (LoadedModel model = LoadedModel.load(dir)) {
			int nz = model.spec().nz();
			for (int batch : new int[] { 1, 16, 64 }) {
				float[] z = Latents.gaussianBatch(1, batch, nz);
				for (int i = 0; i < 3; i++) {
					model.generate(z, batch);
				}
				int reps = Math.max(10, 640 / batch);
				long started = System.nanoTime();
				for (int i = 0; i < reps; i++) {
					model.generate(z, batch);
				}
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf(Locale.ROOT,
						"{\"mode\":\"raw\",\"batch\":%d,\"imagesPerSecond\":%.1f,\"msPerBatch\":%.2f}%n", batch,
						batch * reps / seconds, seconds * 1000 / reps);
			}
		}
	}

	private static void load(String baseUrl, int concurrency, int seconds) throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		long warmupEnd = System.nanoTime() + seconds * 250_000_000L;
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger errors = new AtomicInteger();
		AtomicInteger overloaded = new AtomicInteger();
		AtomicLong seeds = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < end) {
					long seed = seeds.incrementAndGet();
					HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/generate"))
						.header("Content-Type", "application/json")
						.header("Accept", "image/png")
						.timeout(Duration.ofSeconds(30))
						.POST(HttpRequest.BodyPublishers.ofString("{\"seed\":" + seed + ",\"count\":1}"))
						.build();
					long started = System.nanoTime();
					try {
						HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
						long elapsed = System.nanoTime() - started;
						if (response.statusCode() == 503) {
							overloaded.incrementAndGet();
						}
						else if (response.statusCode() != 200) {
							errors.incrementAndGet();
						}
						else if (started > warmupEnd) {
							latencies.add(elapsed);
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		double measured = seconds * 0.75;
		System.out.printf(Locale.ROOT,
				"{\"mode\":\"load\",\"concurrency\":%d,\"requests\":%d,\"imagesPerSecond\":%.1f,\"p50Ms\":%.2f,"
						+ "\"p99Ms\":%.2f,\"errors\":%d,\"overloaded503\":%d}%n",
				concurrency, sorted.size(), sorted.size() / measured, percentile(sorted, 0.50),
				percentile(sorted, 0.99), errors.get(), overloaded.get());
	}

	private static double percentile(List<Long> sorted, double p) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1e6;
	}

}
