package org.fractify.fhir.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.fhir.mapping.PushViews;
import org.fractify.fhir.service.PushConfigService;

/** A tenant's push destinations, set by an operator through the gateway's admin API. */
@Path("/internal/v1/tenants/{tenantId}/push")
@Produces(MediaType.APPLICATION_JSON)
public class PushConfigResource {

    private final PushConfigService push;

    public PushConfigResource(PushConfigService push) {
        this.push = push;
    }

    @GET
    @Operation(summary = "The tenant's push destinations")
    public Uni<PushViews.Destinations> get(@PathParam("tenantId") String tenantId) {
        return push.get(tenantId);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the tenant's push destinations (FHIR base URL and/or MLLP host:port)")
    public Uni<PushViews.Destinations> put(@PathParam("tenantId") String tenantId, JsonNode body) {
        return push.set(tenantId, body);
    }

    @DELETE
    @Operation(summary = "Stop pushing for the tenant")
    public Uni<Response> delete(@PathParam("tenantId") String tenantId) {
        return push.delete(tenantId).replaceWith(() -> Response.noContent().build());
    }

    @GET
    @Path("/deliveries")
    @Operation(summary = "Recent deliveries, newest first")
    public Uni<PushViews.Deliveries> deliveries(@PathParam("tenantId") String tenantId, @QueryParam("limit") Integer limit) {
        return push.deliveries(tenantId, limit);
    }
}
