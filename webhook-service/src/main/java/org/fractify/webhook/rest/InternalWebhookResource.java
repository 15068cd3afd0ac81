package org.fractify.webhook.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.webhook.mapping.WebhookViews;
import org.fractify.webhook.service.SubscriptionService;

/**
 * Internal API for the gateway, which has authenticated the caller and names its tenant in the path.
 * The public contract (docs/openapi.yaml, /api/v1/webhooks) is this API with the tenant taken from the
 * API key; another tenant's webhook answers 404.
 */
@Path("/internal/v1/tenants/{tenantId}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class InternalWebhookResource {

    private final SubscriptionService webhooks;

    public InternalWebhookResource(SubscriptionService webhooks) {
        this.webhooks = webhooks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a webhook; the answer holds its signing secret, shown only once")
    public Uni<Response> create(@PathParam("tenantId") String tenantId, JsonNode body) {
        return webhooks.create(tenantId, body).map(w -> Response.status(201).entity(w).build());
    }

    @GET
    @Operation(summary = "The tenant's webhooks")
    public Uni<WebhookViews.WebhookList> list(@PathParam("tenantId") String tenantId) {
        return webhooks.list(tenantId).map(WebhookViews.WebhookList::new);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook")
    public Uni<WebhookViews.Webhook> get(@PathParam("tenantId") String tenantId, @PathParam("id") String id) {
        return webhooks.get(tenantId, id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change a webhook's url, events, enabled, description or thin_payload")
    public Uni<WebhookViews.Webhook> update(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            JsonNode body) {
        return webhooks.update(tenantId, id, body);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a webhook with its delivery log")
    public Uni<Response> delete(@PathParam("tenantId") String tenantId, @PathParam("id") String id) {
        return webhooks.delete(tenantId, id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rotate the signing secret; the previous one keeps signing during the grace period")
    public Uni<WebhookViews.RotatedSecret> rotate(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            JsonNode body) {
        return webhooks.rotate(tenantId, id, body);
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Send a webhook.test event")
    public Uni<Response> test(@PathParam("tenantId") String tenantId, @PathParam("id") String id) {
        return webhooks.test(tenantId, id).map(d -> Response.accepted(d).build());
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The delivery log, newest first")
    public Uni<WebhookViews.DeliveryPage> deliveries(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @QueryParam("status") String status, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return webhooks.deliveries(tenantId, id, status, cursor, limit);
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery with its attempt log")
    public Uni<WebhookViews.DeliveryView> delivery(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @PathParam("deliveryId") String deliveryId) {
        return webhooks.delivery(tenantId, id, deliveryId);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/replay")
    @Operation(summary = "Send a delivered or dead-lettered message again (same webhook-id)")
    public Uni<Response> replay(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @PathParam("deliveryId") String deliveryId) {
        return webhooks.replay(tenantId, id, deliveryId).map(d -> Response.accepted(d).build());
    }
}
