package org.fractify.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code LoadBench GATEWAY_URL INFERENCE_URL API_KEY REQUESTS MODALITY=IMAGE...}: prints, in one run on
 * one machine, the bare forward + CAM time of every model (from inference-service's internal benchmark)
 * and the end-to-end analyse latency through the public API at concurrency 1 and 8 (p50, p95, p99) with
 * throughput. Requests cycle through the given images; each level starts after a short warm-up.
 */
public final class LoadBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: LoadBench GATEWAY_URL INFERENCE_URL API_KEY REQUESTS MODALITY=IMAGE...");
            System.exit(2);
        }
        String gateway = args[0];
        String inference = args[1];
        String key = args[2];
        int requests = Integer.parseInt(args[3]);
        List<String> bodies = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(kv[1])));
            bodies.add("{\"image_base64\":\"" + b64 + "\",\"modality\":\"" + kv[0] + "\",\"patient_id\":\"BENCH-" + i + "\"}");
        }
        System.out.println("== bare forward + CAM per model (inference-service, in process, 224x224, 200 runs)");
        HttpResponse<String> bare = HTTP.send(HttpRequest.newBuilder(URI.create(inference + "/internal/v1/benchmark/forward?runs=200"))
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(bare.body());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %10s %6s%n", "concurrency", "requests", "p50_ms", "p95_ms",
                "p99_ms", "scans/s", "non200");
        for (int concurrency : new int[] {1, 8}) {
            run(gateway, key, bodies, Math.min(20, requests), concurrency); // warm-up, not reported
            Result r = run(gateway, key, bodies, requests, concurrency);
            System.out.printf(Locale.ROOT, "%-12d %8d %8.1f %8.1f %8.1f %10.2f %6d%n", concurrency, requests,
                    r.percentile(0.50), r.percentile(0.95), r.percentile(0.99), requests / r.seconds, r.failures);
        }
    }

    private record Result(List<Double> latenciesMs, double seconds, int failures) {
        double percentile(double q) {
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.ceil(q * sorted.size()) - 1);
        }
    }

    private static Result run(String gateway, String key, List<String> bodies, int requests, int concurrency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<double[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            String body = bodies.get(i % bodies.size());
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/scan/analyse"))
                        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return new double[] {(System.nanoTime() - t0) / 1e6, r.statusCode()};
            }));
        }
        List<Double> latencies = new ArrayList<>();
        int failures = 0;
        for (Future<double[]> f : futures) {
            double[] v = f.get();
            latencies.add(v[0]);
            if (v[1] != 200) {
                failures++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(latencies, seconds, failures);
    }
}
