package org.fractify.fhir.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.fractify.fhir.mapping.PushViews;
import org.fractify.fhir.persistence.PushRepository;
import org.fractify.fhir.persistence.PushRepository.Endpoint;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * A tenant's push destinations as an operator sets them (through the gateway's admin API): the request is
 * checked here, stored by the repository and shown as {@link PushViews}.
 */
@ApplicationScoped
public class PushConfigService {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final PushRepository repository;

    public PushConfigService(PushRepository repository) {
        this.repository = repository;
    }

    public Uni<PushViews.Destinations> get(String tenantId) {
        return repository.endpoint(tenantId).map(e -> e.map(PushViews::of).orElseThrow(() -> notConfigured(tenantId)));
    }

    /** Replaces the tenant's destinations: a FHIR base URL and/or an MLLP host and port. */
    public Uni<PushViews.Destinations> set(String tenantId, JsonNode body) {
        return repository.save(endpoint(tenantId, body)).map(PushViews::of);
    }

    public Uni<Void> delete(String tenantId) {
        return repository.delete(tenantId).map(deleted -> {
            if (!deleted) {
                throw notConfigured(tenantId);
            }
            return null;
        });
    }

    /** The tenant's recent deliveries, newest first; {@code limit} is clamped to 1..200 (default 50). */
    public Uni<PushViews.Deliveries> deliveries(String tenantId, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, limit));
        return repository.deliveries(tenantId, size).map(PushViews::of);
    }

    private static Endpoint endpoint(String tenantId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object");
        }
        String fhir = text(body, "fhir_base_url");
        if (fhir != null) {
            URI uri;
            try {
                uri = URI.create(fhir);
            } catch (IllegalArgumentException e) {
                throw invalid("fhir_base_url is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid("fhir_base_url must be an absolute http or https URL");
            }
        }
        JsonNode mllp = body.path("mllp");
        String host = null;
        Integer port = null;
        if (mllp.isObject()) {
            host = text(mllp, "host");
            port = mllp.path("port").isInt() ? mllp.path("port").asInt() : null;
            if (host == null || port == null || port < 1 || port > 65535) {
                throw invalid("mllp needs host and port (1-65535)");
            }
        }
        if (fhir == null && host == null) {
            throw invalid("Give fhir_base_url and/or mllp {host, port}; DELETE removes push");
        }
        return new Endpoint(tenantId, fhir, host, port, mllp.isObject() ? text(mllp, "receiving_application") : null,
                mllp.isObject() ? text(mllp, "receiving_facility") : null, null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private static ProblemException notConfigured(String tenantId) {
        return new ProblemException(ProblemType.NOT_FOUND, "No push destination for tenant " + tenantId);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
