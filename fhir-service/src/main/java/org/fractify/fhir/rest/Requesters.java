package org.fractify.fhir.rest;

import org.fractify.contracts.InternalHeaders;
import org.fractify.contracts.Requester;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** The requester the gateway names in its headers on every report read it forwards. */
final class Requesters {

    private Requesters() {
    }

    /**
     * The requester of a read of {@code tenantId}'s reports; a call that names no integration is refused, since
     * report-service audits every read by who asked.
     */
    static Requester of(String tenantId, String integration, String keyId) {
        if (integration == null || integration.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    InternalHeaders.INTEGRATION + " is required: the gateway names who reads");
        }
        return new Requester(tenantId, integration, keyId);
    }
}
