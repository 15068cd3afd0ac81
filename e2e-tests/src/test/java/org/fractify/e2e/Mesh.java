package org.fractify.e2e;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.PostgresDatabase;

/**
 * The five packaged services (plus a second gateway replica) against the in-process KRaft broker and a
 * fresh PostgreSQL database, started once per test JVM and shared by the end-to-end tests that need
 * the whole mesh; stopped when the JVM exits. Tests isolate themselves by tenant.
 */
final class Mesh {

    static final String ADMIN_TOKEN = "e2e-admin-token";

    private static Mesh shared;

    final ServiceProcess inference;
    final ServiceProcess report;
    final ServiceProcess fhir;
    final ServiceProcess webhook;
    final ServiceProcess gateway;
    final ServiceProcess secondGateway;
    private final PostgresDatabase database;
    private final List<ServiceProcess> all;

    private Mesh() throws Exception {
        Path root = ServiceProcess.root();
        database = PostgresDatabase.create("fractify_e2e");
        Map<String, String> env = new HashMap<>(Map.of(
                "FRACTIFY_KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrapServers(),
                "FRACTIFY_DB_HOST", database.host(),
                "FRACTIFY_DB_PORT", String.valueOf(database.port()),
                "FRACTIFY_DB_NAME", database.database(),
                "FRACTIFY_DB_USER", database.user(),
                "FRACTIFY_API_KEY_PEPPER", "e2e-pepper-0123456789abcdef",
                "FRACTIFY_ADMIN_TOKEN", ADMIN_TOKEN,
                "FRACTIFY_INFERENCE_MODELS_DIR", root.resolve("models").toString(),
                "FRACTIFY_INFERENCE_CONCURRENCY", "2"));
        inference = new ServiceProcess(root, "inference-service", env);
        report = new ServiceProcess(root, "report-service", env);
        inference.addUrlTo(env);
        report.addUrlTo(env);
        fhir = new ServiceProcess(root, "fhir-service", env);
        fhir.addUrlTo(env);
        webhook = new ServiceProcess(root, "webhook-service", env);
        webhook.addUrlTo(env); // the gateway's, not whatever listens on the default port
        gateway = new ServiceProcess(root, "gateway-service", env);
        secondGateway = new ServiceProcess(root, "gateway-service", env);
        all = List.of(report, inference, fhir, webhook, gateway, secondGateway);
        for (ServiceProcess s : all) {
            s.start();
        }
        for (ServiceProcess s : all) {
            s.awaitReady(Duration.ofSeconds(150));
        }
    }

    /** The mesh, started on first use. */
    static synchronized Mesh shared() throws Exception {
        if (shared == null) {
            shared = new Mesh();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "e2e-mesh-stop"));
        }
        return shared;
    }

    /** A new API key of {@code tenant}, through the gateway's admin API. */
    String issueKey(String tenant, String integration) {
        return given().baseUri(gateway.url()).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType("application/json")
                .body("{\"tenant_id\":\"" + tenant + "\",\"integration\":\"" + integration + "\"}")
                .post("/admin/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    private void stop() {
        for (ServiceProcess s : all) {
            try {
                s.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        database.drop();
    }
}
