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
import org.fractify.gateway.service.CurrentRequester;
import org.fractify.gateway.service.FhirService;
import org.fractify.gateway.service.Relayed;
import org.fractify.problem.ProblemException;

/**
 * The public FHIR R4 endpoint ({@code /fhir}), served by fhir-service for the requester's tenant. Answers
 * (FHIR JSON, OperationOutcome errors) pass through unchanged; the gateway's own errors are OperationOutcomes too.
 */
@Path("/fhir")
public class FhirProxyResource {

    private final FhirService fhir;
    private final CurrentRequester requester;
    private final PublicUrls urls;

    public FhirProxyResource(FhirService fhir, CurrentRequester requester, PublicUrls urls) {
        this.fhir = fhir;
        this.requester = requester;
        this.urls = urls;
    }

    @GET
    @Path("/metadata")
    public Uni<Response> metadata(@Context UriInfo uriInfo) {
        return outcome(fhir.metadata(requester.get(), urls.base(uriInfo).toString()));
    }

    @GET
    @Path("/DiagnosticReport/{id}")
    public Uni<Response> read(@PathParam("id") String id, @Context UriInfo uriInfo) {
        return outcome(fhir.read(requester.get(), id, urls.base(uriInfo).toString()));
    }

    @GET
    @Path("/DiagnosticReport")
    public Uni<Response> search(@QueryParam("patient") String patient,
            @QueryParam("patient:identifier") String patientIdentifier,
            @QueryParam("subject:identifier") String subjectIdentifier, @QueryParam("date") List<String> date,
            @QueryParam("_count") Integer count, @QueryParam("_revinclude") List<String> revinclude,
            @Context UriInfo uriInfo) {
        var search = new FhirService.Search(patient, patientIdentifier, subjectIdentifier, date, count, revinclude);
        return outcome(fhir.search(requester.get(), search, urls.base(uriInfo).toString()));
    }

    /** fhir-service's answer as it is; an fhir-service that cannot answer is a transient OperationOutcome. */
    private static Uni<Response> outcome(Uni<Relayed> call) {
        return call.map(FhirProxyResource::response).onFailure(ProblemException.class)
                .recoverWithItem(t -> FhirOutcomes.of(((ProblemException) t).type().status(), "transient",
                        ((ProblemException) t).detail()));
    }

    /** Status, media type and body of an internal service's answer. */
    static Response response(Relayed relayed) {
        Response.ResponseBuilder b = Response.status(relayed.status()).entity(relayed.body());
        if (relayed.mediaType() != null) {
            b.type(relayed.mediaType());
        }
        return b.build();
    }
}
