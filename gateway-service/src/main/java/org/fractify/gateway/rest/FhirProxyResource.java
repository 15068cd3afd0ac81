package org.fractify.gateway.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.FhirServiceClient;
import org.fractify.gateway.service.Caller;
import org.fractify.gateway.service.CurrentCaller;

/**
 * The public FHIR R4 endpoint ({@code /fhir}), served by fhir-service for the caller's tenant. Answers
 * (FHIR JSON, OperationOutcome errors) pass through unchanged.
 */
@Path("/fhir")
public class FhirProxyResource {

    private final FhirServiceClient fhir;
    private final CurrentCaller caller;
    private final PublicUrls urls;

    public FhirProxyResource(@RestClient FhirServiceClient fhir, CurrentCaller caller, PublicUrls urls) {
        this.fhir = fhir;
        this.caller = caller;
        this.urls = urls;
    }

    @GET
    @Path("/metadata")
    public Uni<Response> metadata(@Context UriInfo uriInfo) {
        return relay(fhir.metadata(caller.get().tenantId(), urls.base(uriInfo).toString()));
    }

    @GET
    @Path("/DiagnosticReport/{id}")
    public Uni<Response> read(@PathParam("id") String id, @Context UriInfo uriInfo) {
        Caller c = caller.get();
        return relay(fhir.read(c.tenantId(), id, c.integration(), c.keyId(), urls.base(uriInfo).toString()));
    }

    @GET
    @Path("/DiagnosticReport")
    public Uni<Response> search(@QueryParam("patient") String patient,
            @QueryParam("patient:identifier") String patientIdentifier,
            @QueryParam("subject:identifier") String subjectIdentifier, @QueryParam("date") List<String> date,
            @QueryParam("_count") Integer count, @QueryParam("_revinclude") List<String> revinclude,
            @Context UriInfo uriInfo) {
        Caller c = caller.get();
        return relay(fhir.search(c.tenantId(), patient, patientIdentifier, subjectIdentifier, date, count, revinclude,
                c.integration(), c.keyId(), urls.base(uriInfo).toString()));
    }

    private static Uni<Response> relay(Uni<Response> call) {
        return call.map(FhirProxyResource::copy).onFailure().recoverWithItem(t -> {
            io.quarkus.logging.Log.errorf("fhir-service call failed: %s", t.toString());
            return FhirOutcomes.of(503, "transient", "The FHIR service is unavailable; retry later");
        });
    }

    /** Status, media type and body of fhir-service's answer. */
    static Response copy(Response r) {
        byte[] body = r.hasEntity() ? r.readEntity(byte[].class) : new byte[0];
        Response.ResponseBuilder b = Response.status(r.getStatus()).entity(body);
        if (r.getMediaType() != null) {
            b.type(r.getMediaType());
        }
        return b.build();
    }
}
