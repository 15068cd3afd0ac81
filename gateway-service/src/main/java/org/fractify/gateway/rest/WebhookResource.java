package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.fractify.gateway.service.CurrentRequester;
import org.fractify.gateway.service.WebhookService;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * The requester's webhooks (/api/v1/webhooks), kept by webhook-service for the authenticated tenant.
 * Another tenant's webhook answers 404, never 403.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final WebhookService webhooks;
    private final CurrentRequester requester;
    private final ObjectMapper mapper;
    private final PublicUrls urls;

    public WebhookResource(WebhookService webhooks, CurrentRequester requester, ObjectMapper mapper, PublicUrls urls) {
        this.webhooks = webhooks;
        this.requester = requester;
        this.mapper = mapper;
        this.urls = urls;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a webhook; the answer holds its signing secret, shown only once")
    public Uni<Response> create(byte[] body, @Context UriInfo uriInfo) {
        return webhooks.create(requester.get(), json(body, true)).map(created -> Response.status(201)
                .location(urls.base(uriInfo).resolve("api/v1/webhooks/" + created.path("id").asText()))
                .entity(created).build());
    }

    @GET
    @Operation(summary = "The caller's webhooks")
    public Uni<JsonNode> list() {
        return webhooks.list(requester.get());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One webhook")
    public Uni<JsonNode> get(@PathParam("id") String id) {
        return webhooks.get(requester.get(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Change a webhook's url, events, enabled, description or thin_payload")
    public Uni<JsonNode> update(@PathParam("id") String id, byte[] body) {
        return webhooks.update(requester.get(), id, json(body, true));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a webhook and its delivery log")
    public Uni<Response> delete(@PathParam("id") String id) {
        return webhooks.delete(requester.get(), id).replaceWith(() -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Rotate the signing secret; the previous one keeps signing during the grace period")
    public Uni<JsonNode> rotateSecret(@PathParam("id") String id, byte[] body) {
        return webhooks.rotateSecret(requester.get(), id, json(body, false));
    }

    @POST
    @Path("/{id}/test")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a webhook.test event")
    public Uni<Response> test(@PathParam("id") String id) {
        return webhooks.test(requester.get(), id).map(d -> Response.accepted(d).build());
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The delivery log: status, attempts, response code and latency, newest first")
    public Uni<JsonNode> deliveries(@PathParam("id") String id, @QueryParam("status") String status,
            @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        return webhooks.deliveries(requester.get(), id, new WebhookService.DeliveryQuery(status, cursor, limit));
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery with its attempt log")
    public Uni<JsonNode> delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return webhooks.delivery(requester.get(), id, deliveryId);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/replay")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a delivered or dead-lettered message again, with the same webhook-id")
    public Uni<Response> replay(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return webhooks.replay(requester.get(), id, deliveryId).map(d -> Response.accepted(d).build());
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
}
