package org.fractify.gateway.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.fractify.contracts.InternalHeaders;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.jboss.resteasy.reactive.ClientWebApplicationException;

/** report-service's internal API. The tenant is part of every path: reads are tenant-scoped by construction. */
@RegisterRestClient(configKey = "report-service")
@Path("/internal/v1/tenants/{tenantId}/reports")
public interface ReportServiceClient {

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ObjectNode> get(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.REPRESENTATION) String representation,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl);

    @GET
    @Path("/{reportId}/heatmap.png")
    @Produces("image/png")
    Uni<byte[]> heatmap(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId);

    @POST
    @Path("/{reportId}/acknowledge")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ObjectNode> acknowledge(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        if (response.getStatus() == 404) {
            return new ProblemException(ProblemType.REPORT_NOT_FOUND, "No such report");
        }
        if (response.getStatus() == 400 || response.getStatus() == 409) {
            // report-service explains what was wrong with the request; pass its detail on
            String detail = "The request was refused";
            try {
                detail = response.readEntity(com.fasterxml.jackson.databind.JsonNode.class).path("detail").asText(detail);
            } catch (RuntimeException e) {
                // keep the generic detail
            }
            return new ProblemException(response.getStatus() == 409 ? ProblemType.REPORT_NOT_READY
                    : ProblemType.INVALID_REQUEST, detail);
        }
        return new ClientWebApplicationException("report-service answered " + response.getStatus(), response);
    }
}
