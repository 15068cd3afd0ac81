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
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.FhirServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Operator endpoints for a tenant's push destinations (FHIR server, MLLP listener); guarded by the admin
 * token. An operator, not an API key holder, decides where reports may be sent (docs/decisions).
 */
@Path("/admin/v1/tenants/{tenantId}/push")
public class PushAdminResource {

    private final FhirServiceClient fhir;

    public PushAdminResource(@RestClient FhirServiceClient fhir) {
        this.fhir = fhir;
    }

    @GET
    public Uni<Response> get(@PathParam("tenantId") String tenantId) {
        return relay(tenantId, fhir.push(tenantId));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@PathParam("tenantId") String tenantId, JsonNode body) {
        return relay(tenantId, fhir.setPush(tenantId, body));
    }

    @DELETE
    public Uni<Response> delete(@PathParam("tenantId") String tenantId) {
        return relay(tenantId, fhir.deletePush(tenantId));
    }

    @GET
    @Path("/deliveries")
    public Uni<Response> deliveries(@PathParam("tenantId") String tenantId, @QueryParam("limit") Integer limit) {
        return relay(tenantId, fhir.deliveries(tenantId, limit));
    }

    private static Uni<Response> relay(String tenantId, Uni<Response> call) {
        if (!tenantId.matches("[A-Za-z0-9._-]{1,64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "Invalid tenant id"));
        }
        return call.map(FhirProxyResource::copy).onFailure().transform(t -> {
            io.quarkus.logging.Log.errorf("fhir-service call failed: %s", t.toString());
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The FHIR service is unavailable; retry later");
        });
    }
}
