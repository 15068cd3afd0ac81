package org.fractify.fhir.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.fractify.contracts.InternalHeaders;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.jboss.resteasy.reactive.ClientWebApplicationException;

/**
 * report-service's internal API: the single source of report data. fhir-service passes on who is asking and
 * which representation it renders, so report-service's audit trail records the FHIR and HL7 reads too.
 */
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
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ObjectNode> search(@PathParam("tenantId") String tenantId, @QueryParam("patient_id") String patientId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") Integer limit,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.REPRESENTATION) String representation,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl);

    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        if (response.getStatus() == 404) {
            return new ProblemException(ProblemType.REPORT_NOT_FOUND, "No such report");
        }
        if (response.getStatus() == 400) {
            return new ProblemException(ProblemType.INVALID_REQUEST, "report-service refused the query");
        }
        return new ClientWebApplicationException("report-service answered " + response.getStatus(), response);
    }
}
