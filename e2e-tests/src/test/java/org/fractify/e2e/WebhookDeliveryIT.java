package org.fractify.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.restassured.response.Response;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Webhooks as they ship: the packaged gateway-service and webhook-service as processes, a real KRaft
 * broker, a real PostgreSQL and a real HTTP receiver on 127.0.0.1 (allow-listed). Report events are
 * published to the topic as report-service's outbox would; everything else goes through the public API.
 * The webhook-service process is killed (SIGKILL) in the middle of delivering and started again: no
 * event may be lost, and no event may arrive under two different ids.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookDeliveryIT {

    private static final String ADMIN_TOKEN = "e2e-webhook-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresDatabase database;
    private static ServiceProcess webhook;
    private static ServiceProcess gateway;
    private static KafkaProducer<String, String> producer;
    private static HttpServer receiver;
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static volatile long receiverDelayMs;
    private static String keyA;
    private static String keyB;
    private static String webhookId;
    private static String secret;

    record Received(String id, String timestamp, String signature, String body) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path root = ServiceProcess.root();
        database = PostgresDatabase.create("fractify_webhook_e2e");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        receiver.setExecutor(Executors.newFixedThreadPool(24));
        receiver.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), new String(body, StandardCharsets.UTF_8)));
            sleep(receiverDelayMs);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        Map<String, String> env = new HashMap<>(Map.of(
                "FRACTIFY_KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers(),
                "FRACTIFY_DB_HOST", database.host(),
                "FRACTIFY_DB_PORT", String.valueOf(database.port()),
                "FRACTIFY_DB_NAME", database.database(),
                "FRACTIFY_DB_USER", database.user(),
                "FRACTIFY_API_KEY_PEPPER", "e2e-webhook-pepper-0123456789",
                "FRACTIFY_ADMIN_TOKEN", ADMIN_TOKEN,
                "FRACTIFY_WEBHOOK_SECRET_KEY", Base64.getEncoder().encodeToString(
                        "e2e-only-webhook-key-0123456789a".getBytes(StandardCharsets.UTF_8)),
                "FRACTIFY_WEBHOOK_ALLOW_HOSTS", "127.0.0.1",
                "FRACTIFY_WEBHOOK_DELIVERY_TIMEOUT", "3s"));
        env.put("FRACTIFY_WEBHOOK_DELIVERY_CONNECT_TIMEOUT", "2s");
        Map<String, String> webhookEnv = new HashMap<>(env);
        // a consumer group of its own (webhook-service only: the gateway's channel has the same name), so
        // offsets left by other tests' webhook-service do not matter
        webhookEnv.put("MP_MESSAGING_INCOMING_REPORT_EVENTS_GROUP_ID", "fractify-webhook-e2e-" + UUID.randomUUID());
        webhook = new ServiceProcess(root, "webhook-service", webhookEnv);
        webhook.addUrlTo(env);
        gateway = new ServiceProcess(root, "gateway-service", env);
        webhook.start();
        gateway.start();
        webhook.awaitReady(Duration.ofSeconds(150));
        gateway.awaitReady(Duration.ofSeconds(150));

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        keyA = issueKey("hospital-webhooks-a");
        keyB = issueKey("hospital-webhooks-b");
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess s : new ServiceProcess[] {gateway, webhook}) {
            if (s != null) {
                s.stop();
            }
        }
        if (producer != null) {
            producer.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (database != null) {
            database.drop();
        }
    }

    private static String issueKey(String tenant) {
        return given().baseUri(gateway.url()).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType("application/json").body("{\"tenant_id\":\"" + tenant + "\",\"integration\":\"hooks\"}")
                .post("/admin/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    private static io.restassured.specification.RequestSpecification api(String key) {
        return given().baseUri(gateway.url()).header("Authorization", "Bearer " + key).contentType("application/json");
    }

    @Test
    @Order(1)
    void webhooksAreManagedThroughTheGatewayPerTenant() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/fractify";
        Response created = api(keyA).body("{\"url\":\"" + url + "\",\"events\":[\"analysis.complete\",\"analysis.critical\"],"
                + "\"description\":\"ED\"}").post("/api/v1/webhooks");
        created.then().statusCode(201).header("Location", startsWith(gateway.url() + "/api/v1/webhooks/wh_"))
                .body("secret", matchesPattern("whsec_.{44}"));
        webhookId = created.path("id");
        secret = created.path("secret");

        api(keyA).body("{\"url\":\"http://hooks.example.org/x\",\"events\":[\"analysis.complete\"]}").post("/api/v1/webhooks")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://fractify.org/problems/webhook-url-refused"))
                .body("detail", startsWith("url must use https unless its host is allow-listed"))
                .body("instance", equalTo("/api/v1/webhooks"));
        api(keyA).body("{\"url\":\"https://169.254.169.254/latest\",\"events\":[\"analysis.complete\"]}")
                .post("/api/v1/webhooks").then().statusCode(422);
        api(keyA).body("{\"url\":").post("/api/v1/webhooks").then().statusCode(400)
                .body("type", equalTo("https://fractify.org/problems/malformed-json"));
        api(keyA).body("{\"url\":\"" + url + "\",\"events\":[\"analysis.maybe\"]}").post("/api/v1/webhooks")
                .then().statusCode(400).body("detail", startsWith("'events' must be a non-empty list"));

        api(keyB).get("/api/v1/webhooks/" + webhookId).then().statusCode(404)
                .body("type", equalTo("https://fractify.org/problems/webhook-not-found"));
        api(keyB).delete("/api/v1/webhooks/" + webhookId).then().statusCode(404);
        api(keyB).get("/api/v1/webhooks").then().statusCode(200).body("items.size()", equalTo(0));
        api(keyA).get("/api/v1/webhooks/not-an-id").then().statusCode(404);
        given().baseUri(gateway.url()).get("/api/v1/webhooks").then().statusCode(401);
        api(keyA).get("/api/v1/webhooks").then().statusCode(200).body("items[0].id", equalTo(webhookId))
                .body("items[0].secret", equalTo(null));
        api(keyA).body("{\"description\":\"ED pager\"}").patch("/api/v1/webhooks/" + webhookId).then().statusCode(200)
                .body("description", equalTo("ED pager"));

        api(keyA).post("/api/v1/webhooks/" + webhookId + "/test").then().statusCode(202)
                .body("event", equalTo("webhook.test"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !RECEIVED.isEmpty());
        Received test = RECEIVED.get(0);
        assertThat(JSON.readTree(test.body()).path("event").asText()).isEqualTo("webhook.test");
        assertThat(test.signature()).isEqualTo(sign(secret, test));
    }

    @Test
    @Order(2)
    void aKillAndRestartDuringDeliveryLosesNoEventAndGivesNoEventTwoIds() throws Exception {
        RECEIVED.clear();
        receiverDelayMs = 400;
        Map<String, Set<String>> expected = new HashMap<>(); // report id -> events
        for (int i = 0; i < 40; i++) {
            publish(i, expected);
        }
        producer.flush();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVED.size() >= 10);
        webhook.kill();
        int beforeKill = RECEIVED.size();
        for (int i = 40; i < 60; i++) { // published while webhook-service is down
            publish(i, expected);
        }
        producer.flush();
        receiverDelayMs = 0;
        webhook.start().awaitReady(Duration.ofSeconds(120));

        int messages = expected.values().stream().mapToInt(Set::size).sum();
        assertThat(messages).isEqualTo(75);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> pairs().size() == messages);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("only " + pairs().size() + " of " + messages + " messages arrived (" + RECEIVED.size()
                    + " POSTs, " + beforeKill + " before the kill); delivery log: " + api(keyA)
                    .get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=200").then().extract().asString(), e);
        }

        Map<String, Set<String>> idsByPair = new HashMap<>();
        Map<String, Set<String>> bodiesById = new HashMap<>();
        for (Received r : RECEIVED) {
            JsonNode b = JSON.readTree(r.body());
            assertThat(r.signature()).isEqualTo(sign(secret, r));
            assertThat(b.path("id").asText()).isEqualTo(r.id());
            idsByPair.computeIfAbsent(b.path("report_id").asText() + "|" + b.path("event").asText(), k -> new HashSet<>())
                    .add(r.id());
            bodiesById.computeIfAbsent(r.id(), k -> new HashSet<>()).add(r.body());
        }
        Set<String> expectedPairs = new HashSet<>();
        expected.forEach((report, events) -> events.forEach(e -> expectedPairs.add(report + "|" + e)));
        assertThat(idsByPair.keySet()).as("every event delivered").isEqualTo(expectedPairs);
        assertThat(idsByPair.values()).as("one id per event").allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(bodiesById.values()).as("a re-sent message is byte-identical").allSatisfy(b -> assertThat(b).hasSize(1));
        int duplicates = RECEIVED.size() - bodiesById.size();
        // at least once: only what was in flight at the kill (8 complete + 4 critical at most) may arrive twice
        assertThat(duplicates).as("re-sent after the kill (received " + beforeKill + " before it)").isLessThanOrEqualTo(12);

        List<Map<String, Object>> log = api(keyA).get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(log).hasSize(messages + 1); // + the test event
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api(keyA).get("/api/v1/webhooks/" + webhookId + "/deliveries?status=pending").then().statusCode(200)
                        .extract().jsonPath().getList("items")).isEmpty());
        System.out.printf("webhook kill/restart: %d messages, %d POSTs before the kill, %d re-sent after it%n",
                messages, beforeKill, duplicates);
    }

    private static Set<String> pairs() {
        Set<String> out = new HashSet<>();
        for (Received r : RECEIVED) {
            try {
                JsonNode b = JSON.readTree(r.body());
                if (b.has("report_id")) {
                    out.add(b.path("report_id").asText() + "|" + b.path("event").asText());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Publishes report event number i: every fourth is critical (urgency 5). */
    private static void publish(int i, Map<String, Set<String>> expected) {
        String reportId = "rpt_e2ewh" + String.format("%05d", i) + UUID.randomUUID().toString().substring(0, 8);
        int urgency = i % 4 == 0 ? 5 : 2;
        String value = "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"occurredAt\":\"" + Instant.now()
                + "\",\"type\":\"report.completed\",\"reportId\":\"" + reportId + "\",\"tenantId\":\"hospital-webhooks-a\","
                + "\"patientId\":\"PT-" + i + "\",\"modality\":\"chest_xray\",\"urgency\":" + urgency
                + ",\"primaryCondition\":\"Pneumonia\",\"primaryCode\":\"233604007\",\"processingMs\":10}";
        producer.send(new ProducerRecord<>("fractify.report.events.v1", reportId, value));
        Set<String> events = new HashSet<>(List.of("analysis.complete"));
        if (urgency >= 4) {
            events.add("analysis.critical");
        }
        expected.put(reportId, events);
    }

    /** The Standard Webhooks signature, computed independently of webhook-service's signer. */
    private static String sign(String secret, Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] digest = mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
