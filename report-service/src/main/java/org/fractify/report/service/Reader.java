package org.fractify.report.service;

/**
 * Who reads or acts on a report, as the gateway authenticated them: the API key's integration and id (the
 * tenant is in the path). Internal callers without an API key (fhir-service pushing a report) name themselves
 * in {@code integration} and leave {@code keyId} null.
 */
public record Reader(String integration, String keyId) {
}
