package org.fractify.fhir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fractify.renderings.ReportDocument;
import org.fractify.renderings.SampleReports;

/**
 * report-service's internal read API as its contract fixes it (the report JSON of GET /api/v1/report), served
 * from the shared sample documents. It stands at fhir-service's boundary only; report-service's own tests
 * check that what it serves renders and validates through the same renderer.
 */
public class ReportServiceStub implements QuarkusTestResourceLifecycleManager {

    public static final String TENANT = "tenant-a";
    static final Map<String, ReportDocument> REPORTS = new ConcurrentHashMap<>();
    /** Every request: path and the caller headers, for assertions on what fhir-service passes on. */
    static final List<Map<String, String>> REQUESTS = new CopyOnWriteArrayList<>();

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private HttpServer server;

    static {
        for (ReportDocument r : List.of(SampleReports.haemorrhage(false), SampleReports.normal(),
                SampleReports.processing(), SampleReports.failed())) {
            REPORTS.put(r.reportId(), r);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/v1/tenants/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.report-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        REQUESTS.add(Map.of("path", path,
                "integration", String.valueOf(ex.getRequestHeaders().getFirst("X-Fractify-Integration")),
                "key", String.valueOf(ex.getRequestHeaders().getFirst("X-Fractify-Key-Id")),
                "representation", String.valueOf(ex.getRequestHeaders().getFirst("X-Fractify-Representation"))));
        String[] parts = path.split("/"); // "", internal, v1, tenants, {t}, reports, [id]
        String tenant = parts[4];
        Object body = null;
        if (TENANT.equals(tenant) && parts.length == 7) {
            ReportDocument r = REPORTS.get(parts[6]);
            body = r == null ? null : JSON.valueToTree(r);
        } else if (parts.length == 6) {
            String patient = query(ex, "patient_id");
            String from = query(ex, "from");
            ObjectNode page = JSON.createObjectNode();
            var items = page.putArray("items");
            REPORTS.values().stream().filter(r -> TENANT.equals(tenant) && r.patientId().equals(patient))
                    .filter(r -> from == null || !r.createdAt().isBefore(java.time.Instant.parse(from)))
                    .forEach(r -> items.add(JSON.<com.fasterxml.jackson.databind.JsonNode>valueToTree(r)));
            body = page;
        }
        byte[] bytes = body == null ? "{\"status\":404}".getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", body == null ? "application/problem+json" : "application/json");
        ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
