package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.InferenceServiceClient;
import org.fractify.problem.ProblemException;

/** The installed models and their cards, as inference-service has loaded them. */
@ApplicationScoped
public class ModelCatalog {

    private final InferenceServiceClient inference;

    public ModelCatalog(@RestClient InferenceServiceClient inference) {
        this.inference = inference;
    }

    public Uni<JsonNode> models() {
        return inference.models().onFailure().transform(t -> ProblemException.unavailable("inference-service", "The inference service", t));
    }
}
