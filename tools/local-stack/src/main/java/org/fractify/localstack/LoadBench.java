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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code LoadBench GATEWAY_URL INFERENCE_URL API_KEY REQUESTS MODALITY=IMAGE...}: prints, in one run on
 * one machine, the bare forward + CAM time of every model and the bare model work of whole scans on the same
 * images at concurrency 1 and 8 (from inference-service's internal benchmarks), the end-to-end analyse
 * latency through the public API at concurrency 1 and 8 (p50, p95, p99) with throughput, and the two
 * speed goals computed from them. Requests cycle through the given images; each level starts after a short
 * warm-up.
 */
public final class LoadBench {

    /** Where ./fractify keeps the PID files of what it started (system property fractify.run-dir). */
    private static final Path RUN_DIR = Path.of(System.getProperty("fractify.run-dir", ".fractify/run"));
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
        StringBuilder bareImages = new StringBuilder("{");
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(kv[1])));
            bodies.add("{\"image_base64\":\"" + b64 + "\",\"modality\":\"" + kv[0] + "\",\"patient_id\":\"BENCH-" + i + "\"}");
            bareImages.append(i > 4 ? "," : "").append('"').append(kv[0]).append("\":\"").append(b64).append('"');
        }
        bareImages.append('}');
        System.out.println("== bare forward + CAM per model (inference-service, in process, 224x224, 200 runs)");
        System.out.println(get(inference + "/internal/v1/benchmark/forward?runs=200"));
        System.out.println();
        System.out.println("== bare scans: guard + the modality's models with CAM, in process, on the same images"
                + " (no HTTP, Kafka, PNG decoding or storage)");
        double[] bare1 = bareScans(inference, bareImages.toString(), requests, 1);
        double[] bare8 = bareScans(inference, bareImages.toString(), requests, 8);
        System.out.println();
        System.out.println("== end to end: POST /api/v1/scan/analyse through the gateway, answered 200 when the report is stored");
        System.out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %10s %6s%n", "concurrency", "requests", "p50_ms", "p95_ms",
                "p99_ms", "scans/s", "non200");
        double[] e2e = new double[4];
        Map<String, Double> cpuBefore = Map.of();
        for (int concurrency : new int[] {1, 8}) {
            run(gateway, key, bodies, Math.min(20, requests), concurrency); // warm-up, not reported
            if (concurrency == 8) {
                cpuBefore = ProcessCpu.snapshot(RUN_DIR);
            }
            Result r = run(gateway, key, bodies, requests, concurrency);
            System.out.printf(Locale.ROOT, "%-12d %8d %8.1f %8.1f %8.1f %10.2f %6d%n", concurrency, requests,
                    r.percentile(0.50), r.percentile(0.95), r.percentile(0.99), requests / r.seconds, r.failures);
            e2e[concurrency == 1 ? 0 : 2] = r.percentile(0.50);
            e2e[concurrency == 1 ? 1 : 3] = requests / r.seconds;
        }
        ProcessCpu.print(cpuBefore, ProcessCpu.snapshot(RUN_DIR), requests);
        System.out.println();
        System.out.println("== goals (issue 4, this machine)");
        double ratio = e2e[0] / bare1[0];
        System.out.printf(Locale.ROOT, "end-to-end p50 at concurrency 1: %.1f ms = %.2fx the bare scan p50 %.1f ms "
                + "(goal <= 2x): %s%n", e2e[0], ratio, bare1[0], ratio <= 2 ? "met" : "MISSED");
        double share = e2e[3] / bare8[1];
        System.out.printf(Locale.ROOT, "throughput at concurrency 8: %.2f scans/s = %.0f%% of bare-scan throughput "
                + "%.2f scans/s at concurrency 8 (goal >= 70%%): %s%n", e2e[3], 100 * share, bare8[1],
                share >= 0.70 ? "met" : "MISSED");
    }

    /** Runs the bare-scan benchmark, prints its line, returns {p50 ms, scans/s}. */
    private static double[] bareScans(String inference, String images, int runs, int concurrency) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(inference
                + "/internal/v1/benchmark/scan?runs=" + runs + "&concurrency=" + concurrency))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(images)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("bare-scan benchmark answered " + r.statusCode() + ": " + r.body());
        }
        String body = r.body();
        System.out.println(body);
        return new double[] {number(body, "p50_ms"), number(body, "scans_per_s")};
    }

    /** A top-level number of the benchmark's JSON (its first occurrence: the overall figures come first). */
    private static double number(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":([0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
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
