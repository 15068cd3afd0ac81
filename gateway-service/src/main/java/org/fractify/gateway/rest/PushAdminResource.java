package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.fractify.gateway.service.FhirService;

/**
 * Operator endpoints for a tenant's push destinations (FHIR server, MLLP listener); guarded by the admin
 * token. An operator, not an API key holder, decides where reports may be sent (docs/decisions).
 */
@Path("/admin/v1/tenants/{tenantId}/push")
public class PushAdminResource {

    private final FhirService fhir;

    public PushAdminResource(FhirService fhir) {
        this.fhir = fhir;
    }

    @GET
    public Uni<Response> get(@PathParam("tenantId") String tenantId) {
        return fhir.push(tenantId).map(FhirProxyResource::response);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("tenantId") String tenantId, JsonNode body) {
        return fhir.setPush(tenantId, body).map(FhirProxyResource::response);
    }

    @DELETE
    public Uni<Response> delete(@PathParam("tenantId") String tenantId) {
        return fhir.deletePush(tenantId).map(FhirProxyResource::response);
    }

    @GET
    @Path("/deliveries")
    public Uni<Response> deliveries(@PathParam("tenantId") String tenantId, @QueryParam("limit") Integer limit) {
        return fhir.pushDeliveries(tenantId, limit).map(FhirProxyResource::response);
    }
}
