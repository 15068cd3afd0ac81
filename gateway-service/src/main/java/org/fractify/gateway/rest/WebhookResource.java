package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.WebhookServiceClient;
import org.fractify.gateway.service.CurrentCaller;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * The caller's webhooks (/api/v1/webhooks), forwarded to webhook-service with the authenticated tenant.
 * Another tenant's webhook answers 404, never 403; ids that cannot exist are 404 without a call.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private static final String WEBHOOK_ID = "wh_[a-z0-9]{1,40}";
    private static final String DELIVERY_ID = "dlv_[a-z0-9]{1,40}";

    private final WebhookServiceClient webhooks;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final PublicUrls urls;

    public WebhookResource(@RestClient WebhookServiceClient webhooks, CurrentCaller caller, ObjectMapper mapper,
            PublicUrls urls) {
        this.webhooks = webhooks;
        this.caller = caller;
        this.mapper = mapper;
        this.urls = urls;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a webhook; the answer holds its signing secret, shown only once")
    public Uni<Response> create(byte[] body, @Context UriInfo uriInfo) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.create(tenant, json(body, true))).map(created -> Response.status(201)
                .location(urls.base(uriInfo).resolve("api/v1/webhooks/" + created.path("id").asText()))
                .entity(created).build());
    }

    @GET
    @Operation(summary = "The caller's webhooks")
    public Uni<JsonNode> list() {
        return forward(webhooks.list(caller.get().tenantId()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook")
    public Uni<JsonNode> get(@PathParam("id") String id) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.get(tenant, webhookId(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Change a webhook's url, events, enabled, description or thin_payload")
    public Uni<JsonNode> update(@PathParam("id") String id, byte[] body) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.update(tenant, webhookId(id), json(body, true)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a webhook and its delivery log")
    public Uni<Response> delete(@PathParam("id") String id) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.delete(tenant, webhookId(id))).replaceWith(() -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Rotate the signing secret; the previous one keeps signing during the grace period")
    public Uni<JsonNode> rotateSecret(@PathParam("id") String id, byte[] body) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.rotateSecret(tenant, webhookId(id), json(body, false)));
    }

    @POST
    @Path("/{id}/test")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a webhook.test event")
    public Uni<Response> test(@PathParam("id") String id) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.test(tenant, webhookId(id))).map(d -> Response.accepted(d).build());
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The delivery log: status, attempts, response code and latency, newest first")
    public Uni<JsonNode> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.deliveries(tenant, webhookId(id), status, cursor, limit));
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery with its attempt log")
    public Uni<JsonNode> delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.delivery(tenant, webhookId(id), deliveryId(deliveryId)));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/replay")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a delivered or dead-lettered message again, with the same webhook-id")
    public Uni<Response> replay(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        String tenant = caller.get().tenantId();
        return forward(webhooks.replay(tenant, webhookId(id), deliveryId(deliveryId)))
                .map(d -> Response.accepted(d).build());
    }

    private static String webhookId(String id) {
        if (!id.matches(WEBHOOK_ID)) {
            throw new ProblemException(ProblemType.WEBHOOK_NOT_FOUND, "No webhook " + id);
        }
        return id;
    }

    private static String deliveryId(String id) {
        if (!id.matches(DELIVERY_ID)) {
            throw new ProblemException(ProblemType.WEBHOOK_DELIVERY_NOT_FOUND, "No delivery " + id);
        }
        return id;
    }

    /** The request body as JSON; an empty body is an empty object unless one is required. */
    private JsonNode json(byte[] body, boolean required) {
        if (body == null || body.length == 0) {
            if (required) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, "a JSON object body is required");
            }
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is not valid JSON");
        }
    }

    private static <T> Uni<T> forward(Uni<T> call) {
        return call.onFailure(t -> !(t instanceof ProblemException)).transform(t -> {
            Log.errorf("webhook-service call failed: %s", t.toString());
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The webhook service is unavailable; retry later");
        });
    }
}
