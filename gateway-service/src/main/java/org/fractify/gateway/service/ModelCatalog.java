package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.InferenceServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** The installed models and their cards, as inference-service has loaded them. */
@ApplicationScoped
public class ModelCatalog {

    private final InferenceServiceClient inference;

    public ModelCatalog(@RestClient InferenceServiceClient inference) {
        this.inference = inference;
    }

    public Uni<JsonNode> models() {
        return inference.models().onFailure().transform(t -> {
            Log.errorf("inference-service call failed: %s", t.toString());
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "The inference service is unavailable; retry later");
        });
    }
}
