package org.fractify.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.jboss.resteasy.reactive.ClientWebApplicationException;

/** report-service's triage worklist; the tenant is in the path. */
@RegisterRestClient(configKey = "report-service")
@Path("/internal/v1/tenants/{tenantId}/worklist")
public interface WorklistClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ObjectNode> page(@PathParam("tenantId") String tenantId, @QueryParam("modality") String modality,
            @QueryParam("urgency_min") Integer urgencyMin, @QueryParam("urgency_max") Integer urgencyMax,
            @QueryParam("status") String status, @QueryParam("acknowledged") Boolean acknowledged,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        if (response.getStatus() == 400) {
            String detail = "The worklist query is not valid";
            try {
                detail = response.readEntity(JsonNode.class).path("detail").asText(detail);
            } catch (RuntimeException e) {
                // keep the generic detail
            }
            return new ProblemException(ProblemType.INVALID_REQUEST, detail);
        }
        return new ClientWebApplicationException("report-service answered " + response.getStatus(), response);
    }
}
