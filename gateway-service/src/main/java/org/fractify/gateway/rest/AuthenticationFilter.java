package org.fractify.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.service.ApiKeyService;
import org.fractify.gateway.service.CurrentRequester;
import org.fractify.problem.ProblemResponses;
import org.fractify.problem.ProblemType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every /api/v1 and /fhir call needs a valid API key; every /admin call needs the operator's admin token. The
 * answer to a missing and a wrong key is the same 401, so keys cannot be probed.
 */
public class AuthenticationFilter {

    private final ApiKeyService apiKeys;
    private final CurrentRequester currentRequester;
    private final Optional<String> adminToken;

    public AuthenticationFilter(ApiKeyService apiKeys, CurrentRequester currentRequester, GatewayConfig config) {
        this.apiKeys = apiKeys;
        this.currentRequester = currentRequester;
        this.adminToken = config.adminToken().filter(t -> !t.isBlank());
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext ctx) {
        String path = "/" + ctx.getUriInfo().getPath().replaceFirst("^/", "");
        if (path.startsWith("/admin")) {
            return Uni.createFrom().item(checkAdmin(ctx, path));
        }
        boolean fhir = path.equals("/fhir") || path.startsWith("/fhir/");
        if (!path.startsWith("/api/") && !fhir) {
            return Uni.createFrom().nullItem();
        }
        String token = bearer(ctx);
        if (token == null) {
            String detail = "Send the API key as 'Authorization: Bearer <key>'";
            return Uni.createFrom().item(fhir ? fhirUnauthenticated(detail) : unauthenticated(path, detail));
        }
        return apiKeys.verify(token).map(requester -> {
            if (requester.isEmpty()) {
                String detail = "The API key is not valid or has been revoked";
                return fhir ? fhirUnauthenticated(detail) : unauthenticated(path, detail);
            }
            currentRequester.set(requester.get());
            return null;
        });
    }

    private Response checkAdmin(ContainerRequestContext ctx, String path) {
        if (adminToken.isEmpty()) {
            return ProblemResponses.of(ProblemType.NOT_FOUND, "The admin API is disabled (no admin token configured)", path);
        }
        String token = bearer(ctx);
        boolean ok = token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                adminToken.get().getBytes(StandardCharsets.UTF_8));
        return ok ? null : unauthenticated(path, "The admin token is missing or wrong");
    }

    private static Response unauthenticated(String path, String detail) {
        return Response.fromResponse(ProblemResponses.of(ProblemType.UNAUTHENTICATED, detail, path))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fractify\"")
                .build();
    }

    /** FHIR clients get an OperationOutcome, with the same 401 and challenge. */
    private static Response fhirUnauthenticated(String detail) {
        return Response.fromResponse(FhirOutcomes.of(401, "login", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fractify\"")
                .build();
    }

    private static String bearer(ContainerRequestContext ctx) {
        String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
