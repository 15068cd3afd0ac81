package org.fractify.gateway.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/** report-service's internal API. The tenant is part of every path: reads are tenant-scoped by construction. */
@RegisterRestClient(configKey = "report-service")
@Path("/internal/v1/tenants/{tenantId}/reports")
public interface ReportServiceClient {

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ObjectNode> get(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId);

    @GET
    @Path("/{reportId}/heatmap.png")
    @Produces("image/png")
    Uni<byte[]> heatmap(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        if (response.getStatus() == 404) {
            return new ProblemException(ProblemType.REPORT_NOT_FOUND, "No such report");
        }
        return new ClientWebApplicationException("report-service answered " + response.getStatus(), response);
    }
}
