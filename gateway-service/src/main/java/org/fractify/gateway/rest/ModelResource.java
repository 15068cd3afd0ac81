package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.gateway.service.CurrentRequester;
import org.fractify.gateway.service.ModelCatalog;

/** The model cards of the installed models. */
@Path("/api/v1/models")
public class ModelResource {

    private final ModelCatalog models;
    private final CurrentRequester requester;

    public ModelResource(ModelCatalog models, CurrentRequester requester) {
        this.models = models;
        this.requester = requester;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the installed models with their cards")
    public Uni<JsonNode> list() {
        // any valid key may read the cards; the call only makes sure there is one
        requester.get();
        return models.models();
    }
}
