package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.InferenceServiceClient;
import org.fractify.gateway.service.CurrentCaller;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** The model cards of the installed models. */
@Path("/api/v1/models")
public class ModelResource {

    private final InferenceServiceClient inference;
    private final CurrentCaller caller;

    public ModelResource(@RestClient InferenceServiceClient inference, CurrentCaller caller) {
        this.inference = inference;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the installed models with their cards")
    public Uni<JsonNode> list() {
        caller.get();
        return inference.models().onFailure().transform(t -> new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "The inference service is unavailable; retry later"));
    }
}
