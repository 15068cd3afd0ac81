package org.fractify.contracts;

import java.util.Objects;

/**
 * Who asks, as the gateway verified it: the tenant and integration behind an API key, and the key's id. Every
 * read and write is scoped to {@code tenantId}; the read audit records {@code integration} and {@code keyId}.
 * A service acting on its own (fhir-service pushing a report) names itself in {@code integration} and has no
 * key id. One type for one thing: the gateway, report-service and fhir-service all speak of a Requester.
 *
 * @param tenantId    the tenant every read and write is scoped to
 * @param integration the API key's integration, or the acting service's name
 * @param keyId       the API key's id ({@code key_...}); null for a service acting on its own
 */
public record Requester(String tenantId, String integration, String keyId) {

    public Requester {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(integration, "integration");
    }

    /** A service acting on its own behalf for {@code tenantId}. */
    public static Requester service(String tenantId, String serviceName) {
        return new Requester(tenantId, serviceName, null);
    }
}
