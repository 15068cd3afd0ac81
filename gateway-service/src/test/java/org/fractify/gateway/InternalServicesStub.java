package org.fractify.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The internal APIs of report-service and fhir-service as the gateway sees them (canned answers), recording
 * each request's method, path, query and caller headers. The gateway's part is routing, tenant scoping and
 * passing the caller on; the services' own tests cover what they answer.
 */
public class InternalServicesStub implements QuarkusTestResourceLifecycleManager {

    static final List<Map<String, String>> REQUESTS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/v1/tenants/", this::handle);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.rest-client.report-service.url", url, "quarkus.rest-client.fhir-service.url", url);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        REQUESTS.add(Map.of("method", ex.getRequestMethod(), "path", path,
                "query", String.valueOf(ex.getRequestURI().getRawQuery()),
                "integration", String.valueOf(ex.getRequestHeaders().getFirst("X-Fractify-Integration")),
                "key", String.valueOf(ex.getRequestHeaders().getFirst("X-Fractify-Key-Id")),
                "representation", String.valueOf(ex.getRequestHeaders().getFirst("X-Fractify-Representation")),
                "public_url", String.valueOf(ex.getRequestHeaders().getFirst("X-Fractify-Public-Url"))));
        int status = 200;
        String type = "application/json";
        String body;
        if (path.endsWith("/worklist")) {
            body = "{\"items\":[{\"report_id\":\"rpt_a1\",\"urgency\":5}],\"next_cursor\":\"abc\"}";
        } else if (path.endsWith("/acknowledge")) {
            body = "{\"report_id\":\"rpt_a1\",\"acknowledged\":true}";
        } else if (path.endsWith("/hl7")) {
            type = "application/hl7-v2;charset=utf-8";
            body = "MSH|^~\\&|FRACTIFY|FRACTIFY|||20261128||ORU^R01^ORU_R01|1|P|2.5.1\r";
        } else if (path.contains("/fhir/DiagnosticReport/rpt-missing")) {
            status = 404;
            type = "application/fhir+json;charset=utf-8";
            body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}";
        } else if (path.contains("/fhir/")) {
            type = "application/fhir+json;charset=utf-8";
            body = "{\"resourceType\":\"DiagnosticReport\",\"id\":\"rpt-a1\",\"status\":\"preliminary\"}";
        } else if (path.endsWith("/push")) {
            body = "{\"tenant_id\":\"tenant-a\",\"fhir_base_url\":\"https://fhir.example/r4\"}";
        } else {
            body = "{\"report_id\":\"rpt_a1\",\"status\":\"completed\",\"heatmap_url\":\"/api/v1/report/rpt_a1/heatmap\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
