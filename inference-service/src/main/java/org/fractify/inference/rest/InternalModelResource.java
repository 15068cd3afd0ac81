package org.fractify.inference.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import org.fractify.inference.service.ModelRegistry;

/** The cards of the loaded models, for the gateway's GET /api/v1/models. */
@Path("/internal/v1/models")
public class InternalModelResource {

    private final ModelRegistry registry;

    public InternalModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<JsonNode> list() {
        return registry.all().stream()
                .sorted(Comparator.comparing((ModelRegistry.LoadedModel m) -> String.valueOf(m.bundle().modality()))
                        .thenComparing(m -> m.bundle().role()))
                .map(m -> m.bundle().card())
                .toList();
    }
}
