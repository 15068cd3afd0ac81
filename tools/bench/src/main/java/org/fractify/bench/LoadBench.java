package org.fractify.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code LoadBench GATEWAY_URL INFERENCE_URL API_KEY REQUESTS MODALITY=IMAGE...}: prints, in one run on
 * one machine, the bare forward + CAM time of every model and the bare model work of whole scans on the same
 * images at concurrency 1 and 8 (from inference-service's internal benchmarks), the end-to-end analyse
 * latency through the public API at concurrency 1 and 8 (p50, p95, p99) with throughput, and the two speed
 * goals of {@code goals.properties} computed from them. Requests cycle through the given images; each level
 * starts after a short warm-up.
 */
public final class LoadBench {

    /** Where ./fractify keeps the PID files of what it started (system property fractify.run-dir). */
    private static final Path RUN_DIR = Path.of(System.getProperty("fractify.run-dir", ".fractify/run"));
    private static final Path PROC = Path.of("/proc");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LoadBench() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args;
        try {
            args = BenchArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Goals goals = Goals.shipped();
        List<String> bodies = new ArrayList<>();
        StringBuilder bareImages = new StringBuilder("{");
        for (int i = 0; i < args.images().size(); i++) {
            BenchArgs.Image image = args.images().get(i);
            String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(image.file()));
            bodies.add("{\"image_base64\":\"" + b64 + "\",\"modality\":\"" + image.modality()
                    + "\",\"patient_id\":\"BENCH-" + (i + 1) + "\"}");
            bareImages.append(i > 0 ? "," : "").append('"').append(image.modality()).append("\":\"").append(b64).append('"');
        }
        bareImages.append('}');
        int requests = args.requests();
        System.out.println("== bare forward + CAM per model (inference-service, in process, 224x224, 200 runs)");
        System.out.println(get(args.inference() + "/internal/v1/benchmark/forward?runs=200"));
        System.out.println();
        System.out.println("== bare scans: guard + the modality's models with CAM, in process, on the same images"
                + " (no HTTP, Kafka, PNG decoding or storage)");
        double[] bare1 = bareScans(args.inference(), bareImages.toString(), requests, 1);
        double[] bare8 = bareScans(args.inference(), bareImages.toString(), requests, 8);
        System.out.println();
        System.out.println("== end to end: POST /api/v1/scan/analyse through the gateway, answered 200 when the report is stored");
        System.out.printf(Locale.ROOT, "%-12s %8s %8s %8s %8s %10s %6s%n", "concurrency", "requests", "p50_ms", "p95_ms",
                "p99_ms", "scans/s", "non200");
        Latencies serial = null;
        Latencies parallel = null;
        Map<String, Double> cpuBefore = Map.of();
        for (int concurrency : new int[] {1, 8}) {
            run(args, bodies, Math.min(20, requests), concurrency); // warm-up, not reported
            if (concurrency == 8) {
                cpuBefore = ProcessCpu.snapshot(PROC, RUN_DIR);
            }
            Latencies r = run(args, bodies, requests, concurrency);
            System.out.printf(Locale.ROOT, "%-12d %8d %8.1f %8.1f %8.1f %10.2f %6d%n", concurrency, requests,
                    r.percentile(0.50), r.percentile(0.95), r.percentile(0.99), r.perSecond(), r.failures());
            if (concurrency == 1) {
                serial = r;
            } else {
                parallel = r;
            }
        }
        System.out.print(ProcessCpu.report(cpuBefore, ProcessCpu.snapshot(PROC, RUN_DIR), requests));
        System.out.println();
        System.out.println("== goals (issue 4, this machine)");
        double p50 = serial.percentile(0.50);
        System.out.printf(Locale.ROOT, "end-to-end p50 at concurrency 1: %.1f ms = %.2fx the bare scan p50 %.1f ms "
                + "(goal <= %sx): %s%n", p50, p50 / bare1[0], bare1[0], goals.latencyRatioText(),
                goals.latencyMet(p50, bare1[0]) ? "met" : "MISSED");
        double perSecond = parallel.perSecond();
        System.out.printf(Locale.ROOT, "throughput at concurrency 8: %.2f scans/s = %.0f%% of bare-scan throughput "
                + "%.2f scans/s at concurrency 8 (goal >= %s%%): %s%n", perSecond, 100 * perSecond / bare8[1], bare8[1],
                goals.throughputPercentText(), goals.throughputMet(perSecond, bare8[1]) ? "met" : "MISSED");
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
    static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":([0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Latencies run(BenchArgs args, List<String> bodies, int requests, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<double[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            String body = bodies.get(i % bodies.size());
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(args.gateway() + "/api/v1/scan/analyse"))
                        .header("Authorization", "Bearer " + args.apiKey()).header("Content-Type", "application/json")
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
        return new Latencies(latencies, seconds, failures);
    }
}
