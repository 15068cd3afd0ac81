package org.fractify.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.fractify.contracts.ReportEvent;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.Metrics;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries end to end inside webhook-service: report events on the real topic, real PostgreSQL, real
 * HTTP receivers on 127.0.0.1 (allow-listed in the test profile). The test profile shortens the retry
 * schedule (200 ms, 400 ms, 800 ms, then every 1 s, horizon 4 s) and pauses an endpoint after 4
 * consecutive failures for 1.5 s (doubling, at most 3 s).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    // One producer per test method: @BeforeAll would run in another class loader than the tests (QuarkusTest).
    private final ReportEvents events = new ReportEvents();

    @AfterEach
    void closeProducer() {
        events.close();
    }

    private static RequestSpecification as(String tenant) {
        return given().basePath("/internal/v1/tenants/" + tenant + "/webhooks").contentType("application/json");
    }

    /** Creates a webhook and returns [id, secret]. */
    private static String[] webhook(String tenant, String url, String events, boolean thin) {
        Response r = as(tenant).body("{\"url\":\"" + url + "\",\"events\":[" + events + "],\"thin_payload\":" + thin + "}")
                .post();
        r.then().statusCode(201);
        return new String[] {r.path("id"), r.path("secret")};
    }

    private static final String BOTH = "\"analysis.complete\",\"analysis.critical\"";
    private static final String COMPLETE = "\"analysis.complete\"";
    private static final String CRITICAL = "\"analysis.critical\"";

    private static JsonNode body(Receiver.Request r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static List<Map<String, Object>> deliveries(String tenant, String webhookId) {
        return as(tenant).get("/" + webhookId + "/deliveries?limit=200").then().statusCode(200).extract()
                .jsonPath().getList("items");
    }

    @Test
    void signaturesVerifyWithStandardWebhooksAndThinPayloadsLeaveOutPatientData() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            String[] full = webhook("tenant-sig", receiver.url("/full"), BOTH, false);
            String[] thin = webhook("tenant-sig", receiver.url("/thin"), BOTH, true);
            // no condition-specific action for this code: the urgency-level sentence
            ReportEvent critical = events.send(ReportEvents.completed("tenant-sig", 5, "Tension Pneumothorax", "0000000",
                    "PT-9"));
            List<Receiver.Request> fullGot = receiver.await("/full", 2, WAIT);
            List<Receiver.Request> thinGot = receiver.await("/thin", 2, WAIT);

            List<StandardWebhooksVerifier.Case> cases = new ArrayList<>();
            fullGot.forEach(r -> cases.add(StandardWebhooksVerifier.Case.of(full[1], r)));
            thinGot.forEach(r -> cases.add(StandardWebhooksVerifier.Case.of(thin[1], r)));
            Receiver.Request any = fullGot.get(0);
            // the verifier must be able to say no: a changed body and the other webhook's secret fail
            cases.add(new StandardWebhooksVerifier.Case(full[1], any.header("webhook-id"), any.header("webhook-timestamp"),
                    any.header("webhook-signature"), any.body().replace("\"urgency\":5", "\"urgency\":1")));
            cases.add(StandardWebhooksVerifier.Case.of(thin[1], any));
            List<String> verdicts = StandardWebhooksVerifier.verify(cases);
            assertThat(verdicts.subList(0, 4)).containsOnlyNulls();
            assertThat(verdicts.get(4)).isEqualTo("No matching signature found");
            assertThat(verdicts.get(5)).isEqualTo("No matching signature found");

            Map<String, JsonNode> byEvent = new java.util.HashMap<>();
            for (Receiver.Request r : fullGot) {
                JsonNode b = body(r);
                assertThat(b.path("id").asText()).isEqualTo(r.header("webhook-id")).startsWith("msg_");
                byEvent.put(b.path("event").asText(), b);
            }
            JsonNode crit = byEvent.get("analysis.critical");
            assertThat(crit.path("report_id").asText()).isEqualTo(critical.reportId());
            assertThat(crit.path("urgency").asInt()).isEqualTo(5);
            assertThat(crit.path("condition").asText()).isEqualTo("Tension Pneumothorax");
            assertThat(crit.path("patient_id").asText()).isEqualTo("PT-9");
            assertThat(crit.path("modality").asText()).isEqualTo("chest_xray");
            assertThat(Instant.parse(crit.path("created_at").asText())).isEqualTo(critical.occurredAt());
            assertThat(crit.path("recommended_action").asText()).startsWith("Immediate review by the responsible clinician");
            JsonNode complete = byEvent.get("analysis.complete");
            assertThat(complete.has("recommended_action")).isFalse();
            assertThat(complete.path("id").asText()).isNotEqualTo(crit.path("id").asText());
            for (Receiver.Request r : thinGot) {
                JsonNode b = body(r);
                assertThat(b.has("patient_id")).as("thin payload").isFalse();
                assertThat(b.has("condition")).as("thin payload").isFalse();
                assertThat(b.path("report_id").asText()).isEqualTo(critical.reportId());
                assertThat(b.path("urgency").asInt()).isEqualTo(5);
            }
            assertThat(thinGot.get(0).body()).doesNotContain("PT-9");

            // Rotation: during the grace period both secrets sign; with no grace only the new one does.
            String rotated = as("tenant-sig").post("/" + full[0] + "/rotate-secret").then().statusCode(200)
                    .extract().path("secret");
            events.send(ReportEvents.completed("tenant-sig", 2, "Pneumonia", "233604007", "PT-10"));
            Receiver.Request during = receiver.await("/full", 3, WAIT).get(2);
            assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
            String revoked = as("tenant-sig").body("{\"grace_period_seconds\":0}").post("/" + full[0] + "/rotate-secret")
                    .then().statusCode(200).extract().path("secret");
            events.send(ReportEvents.completed("tenant-sig", 1, null, null, "PT-11"));
            Receiver.Request after = receiver.await("/full", 4, WAIT).get(3);
            assertThat(StandardWebhooksVerifier.verify(List.of(
                    StandardWebhooksVerifier.Case.of(full[1], during), StandardWebhooksVerifier.Case.of(rotated, during),
                    StandardWebhooksVerifier.Case.of(revoked, after), StandardWebhooksVerifier.Case.of(rotated, after))))
                    .containsExactly(null, null, null, "No matching signature found");
        }
    }

    @Test
    void failedAttemptsAreRetriedUntilTheReceiverRecoversHonouringRetryAfter() {
        try (Receiver receiver = new Receiver(n -> switch (n) {
            case 1 -> Receiver.Reply.status(500);
            case 2 -> new Receiver.Reply(429, Map.of("Retry-After", "2"), 0);
            default -> Receiver.Reply.ok();
        })) {
            String[] hook = webhook("tenant-retry", receiver.url("/r"), COMPLETE, false);
            events.send(ReportEvents.completed("tenant-retry", 2, "Pneumonia", "233604007", "PT-1"));
            List<Receiver.Request> got = receiver.await("/r", 3, WAIT);
            assertThat(got.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
            // the schedule's second retry is 400 ms +-20%; the receiver asked for 2 s and got at least that
            assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(150));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries("tenant-retry", hook[0]))
                    .singleElement().satisfies(d -> {
                        assertThat(d).containsEntry("status", "delivered").containsEntry("attempts", 3)
                                .containsEntry("response_code", 200).containsKey("latency_ms");
                        assertThat((Integer) d.get("latency_ms")).isNotNull().isGreaterThanOrEqualTo(0);
                    }));
            String deliveryId = (String) deliveries("tenant-retry", hook[0]).get(0).get("id");
            JsonPath detail = as("tenant-retry").get("/" + hook[0] + "/deliveries/" + deliveryId).then().statusCode(200)
                    .extract().jsonPath();
            assertThat(detail.getList("attempt_log.response_code", Integer.class)).containsExactly(500, 429, 200);
            assertThat(detail.getList("attempt_log.outcome", String.class)).containsExactly("retry", "retry", "delivered");
            assertThat(receiver.count()).isEqualTo(3);
        }
    }

    @Test
    void deliveriesDeadLetterAfterTheLastAttemptAndCanBeReplayed() {
        AtomicInteger mode = new AtomicInteger(503);
        AtomicInteger delayMs = new AtomicInteger(0);
        try (Receiver down = new Receiver(n -> new Receiver.Reply(mode.get(), Map.of(), delayMs.get()));
                Receiver rejecting = new Receiver(n -> Receiver.Reply.status(mode.get() == 200 ? 200 : 400))) {
            String[] downHook = webhook("tenant-dlq", down.url("/down"), COMPLETE, false);
            String[] rejectHook = webhook("tenant-dlq", rejecting.url("/reject"), COMPLETE, false);
            events.send(ReportEvents.completed("tenant-dlq", 3, "Pneumonia", "233604007", "PT-2"));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(deliveries("tenant-dlq", downHook[0])).singleElement()
                        .satisfies(d -> assertThat(d).containsEntry("status", "dead_letter").containsEntry("response_code", 503));
                assertThat(deliveries("tenant-dlq", rejectHook[0])).singleElement()
                        .satisfies(d -> assertThat(d).containsEntry("status", "dead_letter").containsEntry("attempts", 1)
                                .containsEntry("response_code", 400));
            });
            // 4xx is not retried; 5xx is, until the horizon
            assertThat(rejecting.count()).isEqualTo(1);
            assertThat(down.count()).isGreaterThanOrEqualTo(4);
            String firstId = down.requests().get(0).header("webhook-id");

            mode.set(200);
            for (String[] hook : List.of(downHook, rejectHook)) {
                String deliveryId = (String) deliveries("tenant-dlq", hook[0]).get(0).get("id");
                as("tenant-dlq").post("/" + hook[0] + "/deliveries/" + deliveryId + "/replay").then().statusCode(202)
                        .body("status", equalTo("pending")).body("replays", equalTo(1));
            }
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                assertThat(deliveries("tenant-dlq", downHook[0]).get(0)).containsEntry("status", "delivered");
                assertThat(deliveries("tenant-dlq", rejectHook[0]).get(0)).containsEntry("status", "delivered");
            });
            List<Receiver.Request> downGot = down.requests();
            assertThat(downGot.get(downGot.size() - 1).header("webhook-id")).isEqualTo(firstId);
            // A replay of a delivery that is still pending or in flight is a conflict. The receiver is made
            // slow first, so the first replay is certainly still in flight when the second arrives.
            delayMs.set(3000);
            String deliveryId = (String) deliveries("tenant-dlq", downHook[0]).get(0).get("id");
            as("tenant-dlq").post("/" + downHook[0] + "/deliveries/" + deliveryId + "/replay").then().statusCode(202);
            as("tenant-dlq").post("/" + downHook[0] + "/deliveries/" + deliveryId + "/replay").then().statusCode(409);
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        try (Receiver landing = Receiver.answering(200);
                Receiver redirecting = new Receiver(n -> new Receiver.Reply(302, Map.of("Location", landing.url("/in")), 0))) {
            String[] hook = webhook("tenant-redirect", redirecting.url("/moved"), COMPLETE, false);
            events.send(ReportEvents.completed("tenant-redirect", 1, null, null, "PT-3"));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries("tenant-redirect", hook[0]))
                    .singleElement().satisfies(d -> assertThat(d).containsEntry("status", "dead_letter")
                            .containsEntry("response_code", 302).containsEntry("attempts", 1)));
            assertThat(landing.count()).isZero();
        }
    }

    @Test
    void aCriticalDeliveryOvertakesABacklogOfCompleteDeliveriesToASlowEndpoint() {
        try (Receiver slow = new Receiver(n -> new Receiver.Reply(200, Map.of(), 1000), 32);
                Receiver healthy = Receiver.answering(200)) {
            String[] slowHook = webhook("tenant-backlog", slow.url("/slow"), COMPLETE, false);
            webhook("tenant-backlog", healthy.url("/pager"), CRITICAL, false);
            for (int i = 0; i < 120; i++) {
                events.sendAsync(ReportEvents.completed("tenant-backlog", 2, "Pneumonia", "233604007", "PT-B" + i));
            }
            events.flush();
            Awaitility.await().atMost(WAIT).until(() -> deliveries("tenant-backlog", slowHook[0]).size() == 120);
            slow.await("/slow", 1, WAIT);

            long t0 = System.nanoTime();
            int slowBefore = slow.count();
            ReportEvent critical = events.send(ReportEvents.completed("tenant-backlog", 5, "Intracranial haemorrhage",
                    "1386000", "PT-C"));
            Receiver.Request page = healthy.await("/pager", 1, WAIT).get(0);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            int slowDone = slow.count();
            assertThat(page.body()).contains(critical.reportId()).contains("analysis.critical");
            // the backlog needs ~15 s at 8 concurrent 1 s requests; the critical delivery must not wait for it (counted
            // from the critical event on: how far the backlog got while the deliveries were planned depends on the load)
            assertThat(slowDone).as("the backlog when the critical one arrived").isLessThan(120);
            assertThat(slowDone - slowBefore).as("complete deliveries done while the critical one was on its way")
                    .isLessThan(60);
            assertThat(took).as("report event to critical POST").isLessThan(Duration.ofSeconds(5));
            // at most 8 (the per-endpoint limit) were in flight at any time on the slow endpoint
            assertThat(slowDone).isLessThanOrEqualTo(8 * (int) (Duration.between(slow.requests().get(0).at(), Instant.now())
                    .toMillis() / 1000 + 2));
            as("tenant-backlog").delete("/" + slowHook[0]).then().statusCode(204); // drop the rest of the backlog
        }
    }

    @Test
    void aFailingEndpointIsPausedAndDoesNotSlowOthers() {
        try (Receiver failing = Receiver.answering(500); Receiver healthy = Receiver.answering(200)) {
            String[] failingHook = webhook("tenant-pause", failing.url("/fail"), COMPLETE, false);
            webhook("tenant-pause", healthy.url("/ok"), COMPLETE, false);
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                events.sendAsync(ReportEvents.completed("tenant-pause", 2, "Pneumonia", "233604007", "PT-P" + i));
            }
            events.flush();
            healthy.await("/ok", 20, WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> as("tenant-pause").get("/" + failingHook[0]).then()
                    .body("paused_until", org.hamcrest.Matchers.notNullValue()));
            Map<String, Object> hook = as("tenant-pause").get("/" + failingHook[0]).then().extract().jsonPath().getMap("$");
            assertThat((Integer) hook.get("consecutive_failures")).isGreaterThanOrEqualTo(4);
            // a pause seen with time left to watch (each failed probe pauses again): nothing reaches the endpoint
            Instant[] pausedUntil = new Instant[1];
            Awaitility.await().atMost(WAIT).until(() -> {
                String until = as("tenant-pause").get("/" + failingHook[0]).then().extract().path("paused_until");
                pausedUntil[0] = until == null ? null : Instant.parse(until);
                return pausedUntil[0] != null && Duration.between(Instant.now(), pausedUntil[0]).toMillis() > 800;
            });
            int before = failing.count();
            sleep(Duration.between(Instant.now(), pausedUntil[0]).minusMillis(200));
            assertThat(failing.count()).as("no attempts while paused").isEqualTo(before);
        }
    }

    @Test
    void aReconsumedEventIsNotDeliveredTwiceAndTheTestEventArrives() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            String[] hook = webhook("tenant-idem", receiver.url("/i"), BOTH, false);
            ReportEvent event = ReportEvents.completed("tenant-idem", 4, "Pneumonia", "233604007", "PT-4");
            events.send(event);
            events.send(event); // the same event id again, as after a consumer restart before its commit
            // an event on the same key lands on the same partition, after both copies
            ReportEvent marker = new ReportEvent(1, java.util.UUID.randomUUID().toString(), Instant.now(),
                    ReportEvent.COMPLETED, event.reportId(), "tenant-idem", "PT-4", event.modality(), 1, null, null, 1);
            events.send(marker);
            Awaitility.await().atMost(WAIT).until(() -> receiver.requests().stream()
                    .anyMatch(r -> r.body().contains("\"urgency\":1")));
            Awaitility.await().atMost(WAIT).until(() -> deliveries("tenant-idem", hook[0]).stream()
                    .allMatch(d -> "delivered".equals(d.get("status"))));
            assertThat(deliveries("tenant-idem", hook[0])).hasSize(3); // complete + critical, then the marker's complete
            Set<String> ids = receiver.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
            assertThat(ids).hasSize(3);
            JsonNode critical = receiver.requests().stream().map(r -> {
                try {
                    return body(r);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).filter(b -> b.path("event").asText().equals("analysis.critical")).findFirst().orElseThrow();
            // urgency 4 pneumonia: the knowledge base's condition-specific action, with its source
            assertThat(critical.path("recommended_action").asText()).startsWith("Urgent clinical review: multilobar")
                    .contains("(ATS/IDSA CAP 2019)").endsWith("Decision support, not a diagnosis.");

            as("tenant-idem").post("/" + hook[0] + "/test").then().statusCode(202).body("event", equalTo("webhook.test"))
                    .body("id", matchesPattern("dlv_[a-z0-9]{20}")).body("event_id", matchesPattern("msg_[a-z0-9]{24}"));
            Receiver.Request test = Awaitility.await().atMost(WAIT).until(() -> receiver.requests().stream()
                    .filter(r -> r.body().contains("webhook.test")).findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertThat(body(test).path("webhook_id").asText()).isEqualTo(hook[0]);
            assertThat(StandardWebhooksVerifier.verify(List.of(StandardWebhooksVerifier.Case.of(hook[1], test))))
                    .containsOnlyNulls();
        }
    }

    @Test
    void anEventNoSubscriptionWantsWritesNothingAndTheNextOneIsDelivered() throws Exception {
        try (Receiver receiver = Receiver.answering(200)) {
            String[] hook = webhook("tenant-quiet", receiver.url("/q"), CRITICAL, false);
            ReportEvent routine = events.send(ReportEvents.completed("tenant-quiet", 2, "Pneumonia", "233604007", "PT-Q"));
            // the same key on all three, so the same partition: consumed in this order
            ReportEvent nobody = events.send(new ReportEvent(1, java.util.UUID.randomUUID().toString(), Instant.now(),
                    ReportEvent.COMPLETED, routine.reportId(), "tenant-without-webhooks", "PT-N", routine.modality(), 5,
                    null, null, 5));
            ReportEvent critical = events.send(new ReportEvent(1, java.util.UUID.randomUUID().toString(), Instant.now(),
                    ReportEvent.COMPLETED, routine.reportId(), "tenant-quiet", "PT-Q", routine.modality(), 5, null, null, 5));
            Awaitility.await().atMost(WAIT).until(() -> processedEvents().contains(critical.eventId()));
            Awaitility.await().atMost(WAIT).until(() -> deliveries("tenant-quiet", hook[0]).stream()
                    .anyMatch(d -> "delivered".equals(d.get("status"))));
            assertThat(deliveries("tenant-quiet", hook[0])).hasSize(1)
                    .allSatisfy(d -> assertThat(d.get("event")).isEqualTo("analysis.critical"));
            // neither earlier event had a subscription that wants it: no transaction, no processed-event row
            assertThat(processedEvents()).doesNotContain(routine.eventId(), nobody.eventId());
        }
    }

    /** Event ids in webhook-service's processed-event table, read over JDBC. */
    private static Set<String> processedEvents() throws Exception {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT event_id FROM webhooks.processed_event")) {
            Set<String> ids = new java.util.HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    @Test
    void countsConsumedReportEventsAndSkipsUnreadableRecords() {
        double failed = consumed("type=report.failed");
        double critical = consumed("critical=true");
        ReportEvent first = events.send(ReportEvents.completed("tenant-status", 5, "Intracranial haemorrhage", "1386000",
                "PT-S"));
        new org.fractify.testsupport.KafkaTopics(org.fractify.testsupport.KafkaBroker.bootstrapServers())
                .send(org.fractify.contracts.Topics.REPORT_EVENTS, first.reportId(), "not json: skipped, not fatal");
        // the same key, so the same partition: it is consumed after the unreadable record, or not at all
        events.send(new ReportEvent(1, java.util.UUID.randomUUID().toString(), Instant.now(), ReportEvent.FAILED,
                first.reportId(), "tenant-status", "PT-S", first.modality(), 0, null, null, 5));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            // the one failed event of this suite, behind the unreadable record
            assertThat(consumed("type=report.failed")).isEqualTo(failed + 1);
            assertThat(consumed("critical=true")).isGreaterThanOrEqualTo(critical + 1);
        });
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** Report events consumed so far with these labels, from /q/metrics. */
    private static double consumed(String... labels) {
        return Metrics.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(),
                "fractify_report_events_consumed_total", labels);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
