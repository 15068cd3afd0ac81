package org.fractify.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Our services' internal APIs over HTTP, for the tests of a service that calls them (gateway-service,
 * fhir-service). report-service's reports are built in: GET {@code /internal/v1/tenants/{tenant}/reports/{id}} answers a report stored with
 * {@link #store}, 404 for any other id or tenant; GET {@code .../reports?patient_id=&from=&to=&limit=} answers
 * {@code {"items": [...]}}, the tenant's reports of that patient with {@code from <= created_at < to}, newest
 * first, as report-service does. Other endpoints (fhir-service's, the worklist) answer what a test gives them
 * with {@link #route}, checked first, in order; a subclass names the rest clients it stands in for. Every request is recorded in {@link #REQUESTS} with its caller
 * headers, for assertions on what the service under test passes on. It stands at the caller's boundary only:
 * report-service's own tests check what it really answers.
 */
public class InternalApiStub implements QuarkusTestResourceLifecycleManager {

    /**
     * Every request, in order: {@code method}, {@code path}, {@code query} and the caller headers
     * {@code integration}, {@code key}, {@code representation}, {@code public_url} ("null" when absent).
     */
    public static final List<Map<String, String>> REQUESTS = new CopyOnWriteArrayList<>();

    private static final Pattern REPORTS = Pattern.compile("/internal/v1/tenants/([^/]+)/reports(?:/([^/]+))?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Map<String, JsonNode>> STORED = new ConcurrentHashMap<>();

    private record Route(String method, Pattern path, int status, String contentType, String body) {
    }

    /** This stub's canned answers; each subclass registers its own (in its constructor or an initializer). */
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** Stores a report of {@code tenantId}: report-service's report JSON, with report_id, patient_id and created_at. */
    public static void store(String tenantId, JsonNode report) {
        STORED.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>()).put(report.path("report_id").asText(), report);
    }

    /** Answers every request whose path matches {@code pathRegex} (in full) with this status, type and body. */
    protected final void route(String pathRegex, int status, String contentType, String body) {
        route(null, pathRegex, status, contentType, body);
    }

    /** The same for one method only ({@code null}: any method); an empty body answers without one. */
    protected final void route(String method, String pathRegex, int status, String contentType, String body) {
        routes.add(new Route(method, Pattern.compile(pathRegex), status, contentType, body));
    }

    /** The rest clients (configuration keys) that are pointed at this stub. */
    protected List<String> restClients() {
        return List.of("report-service");
    }

    /** The rest clients pointed at a port where nothing listens, so that their failures can be pinned too. */
    protected List<String> unreachableClients() {
        return List.of();
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
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> config = new HashMap<>();
        restClients().forEach(client -> config.put("quarkus.rest-client." + client + ".url", url));
        unreachableClients().forEach(client -> config.put("quarkus.rest-client." + client + ".url", "http://127.0.0.1:1"));
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        REQUESTS.add(Map.of("method", ex.getRequestMethod(), "path", path,
                "query", String.valueOf(ex.getRequestURI().getRawQuery()),
                "integration", header(ex, "X-Fractify-Integration"), "key", header(ex, "X-Fractify-Key-Id"),
                "representation", header(ex, "X-Fractify-Representation"),
                "public_url", header(ex, "X-Fractify-Public-Url")));
        for (Route route : routes) {
            if ((route.method() == null || route.method().equals(ex.getRequestMethod()))
                    && route.path().matcher(path).matches()) {
                answer(ex, route.status(), route.contentType(), route.body());
                return;
            }
        }
        var reports = REPORTS.matcher(path);
        JsonNode body = null;
        if (reports.matches() && "GET".equals(ex.getRequestMethod())) {
            Map<String, JsonNode> tenant = STORED.getOrDefault(reports.group(1), Map.of());
            body = reports.group(2) != null ? tenant.get(reports.group(2)) : search(tenant, ex);
        }
        if (body == null) {
            answer(ex, 404, "application/problem+json", "{\"status\":404}");
        } else {
            answer(ex, 200, "application/json", JSON.writeValueAsString(body));
        }
    }

    private static ObjectNode search(Map<String, JsonNode> tenant, HttpExchange ex) {
        String patient = query(ex, "patient_id");
        Instant from = instant(query(ex, "from"), Instant.EPOCH);
        Instant to = instant(query(ex, "to"), Instant.MAX);
        String limit = query(ex, "limit");
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("items");
        tenant.values().stream()
                .filter(r -> r.path("patient_id").asText().equals(patient))
                .filter(r -> !createdAt(r).isBefore(from) && createdAt(r).isBefore(to))
                .sorted(Comparator.comparing(InternalApiStub::createdAt).reversed())
                .limit(limit == null ? Long.MAX_VALUE : Long.parseLong(limit))
                .forEach(items::add);
        return page;
    }

    private static Instant createdAt(JsonNode report) {
        return Instant.parse(report.path("created_at").asText());
    }

    private static void answer(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static String header(HttpExchange ex, String name) {
        return String.valueOf(ex.getRequestHeaders().getFirst(name));
    }

    private static Instant instant(String value, Instant absent) {
        return value == null ? absent : Instant.parse(value);
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
}
