package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.gateway.service.ApiKeyService;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** Operator endpoints for API keys; guarded by the admin token (see AuthenticationFilter). */
@Path("/admin/v1/api-keys")
public class AdminResource {

    private final ApiKeyService apiKeys;

    public AdminResource(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an API key for a tenant's integration; the key is shown only in this answer")
    public Uni<Response> issue(JsonNode body) {
        if (body == null || !body.hasNonNull("tenant_id") || !body.hasNonNull("integration")) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "'tenant_id' and 'integration' are required");
        }
        return apiKeys.issue(body.get("tenant_id").asText(), body.get("integration").asText())
                .map(k -> Response.status(201).entity(Map.of("id", k.id(), "tenant_id", k.tenantId(),
                        "integration", k.integration(), "key", k.key())).build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List API keys (never the keys themselves)")
    public Uni<List<ApiKeyService.KeyInfo>> list(@QueryParam("tenant_id") String tenantId) {
        return apiKeys.list(Optional.ofNullable(tenantId));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API key; it stops working at once here, within the key cache's TTL elsewhere")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return apiKeys.revoke(id).map(revoked -> {
            if (!revoked) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No valid API key " + id);
            }
            return Response.noContent().build();
        });
    }
}
