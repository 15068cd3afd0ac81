package org.fractify.gateway.service;

/**
 * Who is calling: the tenant and integration behind the API key. Every downstream read and write is
 * scoped to {@code tenantId}.
 */
public record Caller(String tenantId, String integration, String keyId) {
}
