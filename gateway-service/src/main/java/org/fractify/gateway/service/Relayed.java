package org.fractify.gateway.service;

import jakarta.ws.rs.core.Response;

/**
 * An internal service's answer as the gateway passes it on unchanged: status, media type (null when it named
 * none) and body. FHIR clients get fhir-service's FHIR JSON and OperationOutcomes as they are.
 */
public record Relayed(int status, String mediaType, byte[] body) {

    /** Reads the whole answer. */
    static Relayed of(Response r) {
        byte[] body = r.hasEntity() ? r.readEntity(byte[].class) : new byte[0];
        return new Relayed(r.getStatus(), r.getMediaType() == null ? null : r.getMediaType().toString(), body);
    }
}
