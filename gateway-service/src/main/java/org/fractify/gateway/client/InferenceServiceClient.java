package org.fractify.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** inference-service's internal API. */
@RegisterRestClient(configKey = "inference-service")
@Path("/internal/v1")
public interface InferenceServiceClient {

    /** The model cards of every loaded model. */
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> models();
}
