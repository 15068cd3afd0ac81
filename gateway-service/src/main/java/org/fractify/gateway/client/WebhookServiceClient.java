package org.fractify.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.jboss.resteasy.reactive.ClientWebApplicationException;

/**
 * webhook-service's internal API. The tenant is part of every path, so another tenant's webhook is a
 * 404 by construction. A 4xx problem from webhook-service becomes the same problem here (type and
 * detail kept, the instance becomes the public path).
 */
@RegisterRestClient(configKey = "webhook-service")
@Path("/internal/v1/tenants/{tenantId}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public interface WebhookServiceClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> create(@PathParam("tenantId") String tenantId, JsonNode body);

    @GET
    Uni<JsonNode> list(@PathParam("tenantId") String tenantId);

    @GET
    @Path("/{id}")
    Uni<JsonNode> get(@PathParam("tenantId") String tenantId, @PathParam("id") String id);

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> update(@PathParam("tenantId") String tenantId, @PathParam("id") String id, JsonNode body);

    @DELETE
    @Path("/{id}")
    Uni<Void> delete(@PathParam("tenantId") String tenantId, @PathParam("id") String id);

    @POST
    @Path("/{id}/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> rotateSecret(@PathParam("tenantId") String tenantId, @PathParam("id") String id, JsonNode body);

    @POST
    @Path("/{id}/test")
    Uni<JsonNode> test(@PathParam("tenantId") String tenantId, @PathParam("id") String id);

    @GET
    @Path("/{id}/deliveries")
    Uni<JsonNode> deliveries(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @QueryParam("status") String status, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit);

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    Uni<JsonNode> delivery(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @PathParam("deliveryId") String deliveryId);

    @POST
    @Path("/{id}/deliveries/{deliveryId}/replay")
    Uni<JsonNode> replay(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @PathParam("deliveryId") String deliveryId);

    /**
     * webhook-service's 4xx answers are problems of the registry that both services share: the problem's
     * {@code type} names the registered type, which travels on as that type (its status is the registry's;
     * its detail is kept). A 4xx naming no registered type breaks the contract between the two services.
     */
    @ClientExceptionMapper
    static RuntimeException toProblem(Response response) {
        int status = response.getStatus();
        if (status < 400 || status >= 500) {
            return new ClientWebApplicationException("webhook-service answered " + status, response);
        }
        JsonNode problem;
        try {
            problem = response.readEntity(JsonNode.class);
        } catch (RuntimeException unreadable) {
            problem = NullNode.getInstance();
        }
        String typeUri = problem.path("type").asText("");
        String detail = problem.path("detail").asText(null);
        return ProblemType.fromUri(typeUri)
                .map(type -> new ProblemException(type, detail == null ? type.title() : detail))
                .orElseGet(() -> new ProblemException(ProblemType.INTERNAL_ERROR,
                        "webhook-service answered " + status + " with no registered problem type"));
    }
}
