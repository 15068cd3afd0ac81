package org.fractify.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.fractify.contracts.InternalHeaders;

/**
 * fhir-service's internal API. Answers come back as raw responses (the client's default error mapper is
 * disabled in application.properties): the gateway passes their status, media type and body through unchanged
 * (FHIR JSON and OperationOutcomes, ER7, problems).
 */
@RegisterRestClient(configKey = "fhir-service")
@Path("/internal/v1/tenants/{tenantId}")
public interface FhirServiceClient {

    @GET
    @Path("/fhir/metadata")
    Uni<Response> metadata(@PathParam("tenantId") String tenantId,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl);

    @GET
    @Path("/fhir/DiagnosticReport/{id}")
    Uni<Response> read(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl);

    @GET
    @Path("/fhir/DiagnosticReport")
    Uni<Response> search(@PathParam("tenantId") String tenantId, @QueryParam("patient") String patient,
            @QueryParam("patient:identifier") String patientIdentifier,
            @QueryParam("subject:identifier") String subjectIdentifier, @QueryParam("date") java.util.List<String> date,
            @QueryParam("_count") Integer count, @QueryParam("_revinclude") java.util.List<String> revinclude,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl);

    @GET
    @Path("/reports/{reportId}/hl7")
    Uni<Response> hl7(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl);

    @GET
    @Path("/push")
    Uni<Response> push(@PathParam("tenantId") String tenantId);

    @PUT
    @Path("/push")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> setPush(@PathParam("tenantId") String tenantId, JsonNode body);

    @DELETE
    @Path("/push")
    Uni<Response> deletePush(@PathParam("tenantId") String tenantId);

    @GET
    @Path("/push/deliveries")
    Uni<Response> deliveries(@PathParam("tenantId") String tenantId, @QueryParam("limit") Integer limit);
}
