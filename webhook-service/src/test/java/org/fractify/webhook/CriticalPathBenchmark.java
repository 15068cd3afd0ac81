package org.fractify.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.fractify.contracts.ReportEvent;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the test suite (its name matches no surefire include): the latency from a
 * report event to the analysis.critical POST on a healthy receiver while 1,000 analysis.complete
 * deliveries are queued to a slow endpoint (2 s per request). Production settings (retry schedule,
 * timeouts, concurrency limits), real Kafka, real PostgreSQL, real HTTP. Run:
 *
 * <pre>./mvnw -pl webhook-service test -Dtest=CriticalPathBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Options (system properties): {@code bench.backlog} (1000), {@code bench.critical} (100),
 * {@code bench.slow-ms} (2000), {@code bench.gap-ms} (100, between critical events).
 */
@QuarkusTest
@TestProfile(CriticalPathBenchmark.ProductionSettings.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class CriticalPathBenchmark {

    /** The shipped defaults, not the test profile's short schedule. */
    public static class ProductionSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("fractify.webhook.retry.schedule", "5s,30s,2m,10m,30m,1h"),
                    Map.entry("fractify.webhook.retry.then-every", "2h"),
                    Map.entry("fractify.webhook.retry.horizon", "24h"),
                    Map.entry("fractify.webhook.delivery.timeout", "10s"),
                    Map.entry("fractify.webhook.delivery.connect-timeout", "5s"),
                    Map.entry("fractify.webhook.delivery.poll-interval", "1s"),
                    Map.entry("fractify.webhook.delivery.sweep-interval", "10s"),
                    Map.entry("fractify.webhook.circuit.failure-threshold", "10"),
                    Map.entry("fractify.webhook.circuit.pause", "1m"),
                    Map.entry("fractify.webhook.circuit.max-pause", "1h"),
                    Map.entry("quarkus.log.category.\"org.fractify\".level", "WARN"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void criticalLatencyUnderABacklog() throws Exception {
        int backlog = Integer.getInteger("bench.backlog", 1000);
        int criticals = Integer.getInteger("bench.critical", 100);
        long slowMs = Long.getLong("bench.slow-ms", 2000);
        long gapMs = Long.getLong("bench.gap-ms", 100);
        String tenant = "tenant-bench";
        Map<String, Instant> arrivals = new ConcurrentHashMap<>();
        try (Receiver slow = new Receiver(n -> new Receiver.Reply(200, Map.of(), slowMs), 64);
                Receiver healthy = new Receiver(n -> Receiver.Reply.ok(), 32);
                ReportEvents events = new ReportEvents()) {
            String slowHook = create(tenant, slow.url("/slow"), "\"analysis.complete\"");
            create(tenant, healthy.url("/pager"), "\"analysis.complete\",\"analysis.critical\"");

            for (int i = 0; i < backlog; i++) {
                events.sendAsync(ReportEvents.completed(tenant, 2, "Pneumonia", "233604007", "PT-B" + i));
            }
            events.flush();
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> count("subscription_id = '" + slowHook + "'") >= backlog);
            long queued = count("subscription_id = '" + slowHook + "' AND status = 'pending'");
            System.out.printf("%nbacklog: %d analysis.complete deliveries queued to an endpoint answering in %d ms "
                    + "(%d still pending)%n", backlog, slowMs, queued);

            List<ReportEvent> sent = new ArrayList<>();
            for (int i = 0; i < criticals; i++) {
                sent.add(events.send(ReportEvents.completed(tenant, 5, "Intracranial haemorrhage", "1386000", "PT-C" + i)));
                Thread.sleep(gapMs);
            }
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                for (Receiver.Request r : healthy.requests("/pager")) {
                    var body = JSON.readTree(r.body());
                    if (body.path("event").asText().equals("analysis.critical")) {
                        arrivals.putIfAbsent(body.path("report_id").asText(), r.at());
                    }
                }
                return arrivals.size() >= criticals;
            });
            List<Long> latencies = new ArrayList<>();
            for (ReportEvent e : sent) {
                latencies.add(Duration.between(e.occurredAt(), arrivals.get(e.reportId())).toMillis());
            }
            Collections.sort(latencies);
            long stillPending = count("subscription_id = '" + slowHook + "' AND status = 'pending'");
            long p50 = percentile(latencies, 50);
            long p95 = percentile(latencies, 95);
            System.out.printf("critical path, report event -> analysis.critical POST on a healthy receiver, %d events:%n"
                    + "  p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (goal: p95 < 1000 ms)%n"
                    + "  slow endpoint meanwhile: %d requests served, %d complete deliveries still queued%n%n",
                    criticals, p50, p95, percentile(latencies, 99), latencies.get(latencies.size() - 1), slow.count(),
                    stillPending);
            assertThat(stillPending).as("the backlog was still there at the end").isGreaterThan(backlog / 2);
            assertThat(p95).as("p95 report event -> critical POST, ms").isLessThan(1000);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String create(String tenant, String url, String events) {
        return given().basePath("/internal/v1/tenants/" + tenant + "/webhooks").contentType("application/json")
                .body("{\"url\":\"" + url + "\",\"events\":[" + events + "]}").post()
                .then().statusCode(201).extract().path("id");
    }

    private static long count(String where) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM webhooks.delivery WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
