package org.fractify.gateway;

import java.util.List;
import org.fractify.testsupport.InternalApiStub;

/**
 * webhook-service's internal API as the gateway sees it: test-support's {@link InternalApiStub} with canned
 * answers, problems included. What webhook-service decides is its own tests' business; the gateway's part is
 * scoping to the key's tenant and passing webhook-service's problems on as the registered problems they are.
 * fhir-, report- and inference-service are pointed at a port where nothing listens, so their failures are
 * pinned too.
 */
public class WebhookServiceStub extends InternalApiStub {

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";

    {
        route(".*/wh_missing", 404, PROBLEM, problem("webhook-not-found", 404, "No webhook wh_missing"));
        // a registered type with a status that contradicts the registry: the registry's status wins
        route(".*/wh_busy/test", 400, PROBLEM, problem("webhook-conflict", 400, "The webhook is disabled"));
        route(".*/wh_strange", 400, PROBLEM, "{\"type\":\"https://example.org/not-ours\",\"status\":400,\"detail\":\"?\"}");
        route(".*/wh_broken", 500, JSON, "{}");
        route("POST", ".*/webhooks", 201, JSON, "{\"id\":\"wh_new1\",\"url\":\"https://hooks.example/in\",\"secret\":\"whsec_x\"}");
        route("DELETE", ".*", 204, JSON, "");
        route(".*/webhooks", 200, JSON, "{\"items\":[{\"id\":\"wh_a1\"}]}");
        route(".*", 200, JSON, "{\"id\":\"wh_a1\",\"url\":\"https://hooks.example/in\"}");
    }

    @Override
    protected List<String> restClients() {
        return List.of("webhook-service");
    }

    @Override
    protected List<String> unreachableClients() {
        return List.of("fhir-service", "report-service", "inference-service");
    }

    private static String problem(String slug, int status, String detail) {
        return "{\"type\":\"https://fractify.org/problems/" + slug + "\",\"title\":\"t\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"/internal\"}";
    }
}
