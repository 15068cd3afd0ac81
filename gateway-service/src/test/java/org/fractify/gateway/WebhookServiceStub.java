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
 * webhook-service's internal API as the gateway sees it: canned answers, problems included, recording each
 * request's method and path. What webhook-service decides is its own tests' business; the gateway's part is
 * scoping to the key's tenant and passing webhook-service's problems on as the registered problems they are.
 * fhir-, report- and inference-service are pointed at a port where nothing listens.
 */
public class WebhookServiceStub implements QuarkusTestResourceLifecycleManager {

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
        // the other internal services are unreachable here (nothing listens on port 1): their failures are pinned too
        String unreachable = "http://127.0.0.1:1";
        return Map.of("quarkus.rest-client.webhook-service.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "quarkus.rest-client.fhir-service.url", unreachable,
                "quarkus.rest-client.report-service.url", unreachable,
                "quarkus.rest-client.inference-service.url", unreachable);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        REQUESTS.add(Map.of("method", method, "path", path));
        int status = 200;
        String type = "application/json";
        String body;
        if (path.endsWith("/wh_missing")) {
            status = 404;
            type = "application/problem+json";
            body = problem("webhook-not-found", 404, "No webhook wh_missing", path);
        } else if (path.endsWith("/wh_busy/test")) {
            // a registered type with a status that contradicts the registry: the registry's status wins
            status = 400;
            type = "application/problem+json";
            body = problem("webhook-conflict", 400, "The webhook is disabled", path);
        } else if (path.endsWith("/wh_strange")) {
            status = 400;
            type = "application/problem+json";
            body = "{\"type\":\"https://example.org/not-ours\",\"status\":400,\"detail\":\"?\"}";
        } else if (path.endsWith("/wh_broken")) {
            status = 500;
            body = "{}";
        } else if (method.equals("POST") && path.endsWith("/webhooks")) {
            status = 201;
            body = "{\"id\":\"wh_new1\",\"url\":\"https://hooks.example/in\",\"secret\":\"whsec_x\"}";
        } else if (method.equals("DELETE")) {
            status = 204;
            body = "";
        } else if (path.endsWith("/webhooks")) {
            body = "{\"items\":[{\"id\":\"wh_a1\"}]}";
        } else {
            body = "{\"id\":\"wh_a1\",\"url\":\"https://hooks.example/in\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static String problem(String slug, int status, String detail, String instance) {
        return "{\"type\":\"https://fractify.org/problems/" + slug + "\",\"title\":\"t\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + instance + "\"}";
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
