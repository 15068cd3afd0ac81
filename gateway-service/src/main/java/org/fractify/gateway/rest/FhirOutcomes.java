package org.fractify.gateway.rest;

import jakarta.ws.rs.core.Response;

/**
 * OperationOutcome answers the gateway itself gives on {@code /fhir} (authentication, an unreachable
 * fhir-service): FHIR clients expect FHIR errors there, not RFC 9457 problems.
 */
final class FhirOutcomes {

    static final String FHIR_JSON = "application/fhir+json;charset=utf-8";

    private FhirOutcomes() {
    }

    static Response of(int status, String code, String diagnostics) {
        String body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + code
                + "\",\"diagnostics\":\"" + diagnostics.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}]}";
        return Response.status(status).type(FHIR_JSON).entity(body).build();
    }
}
