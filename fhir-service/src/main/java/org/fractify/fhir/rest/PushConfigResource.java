package org.fractify.fhir.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.fhir.persistence.PushRepository;
import org.fractify.fhir.persistence.PushRepository.Endpoint;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** A tenant's push destinations, set by an operator through the gateway's admin API. */
@Path("/internal/v1/tenants/{tenantId}/push")
@Produces(MediaType.APPLICATION_JSON)
public class PushConfigResource {

    private final PushRepository repository;
    private final ObjectMapper json;

    public PushConfigResource(PushRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @GET
    @Operation(summary = "The tenant's push destinations")
    public Uni<ObjectNode> get(@PathParam("tenantId") String tenantId) {
        return repository.endpoint(tenantId).map(e -> e.map(this::render).orElseThrow(() ->
                new ProblemException(ProblemType.NOT_FOUND, "No push destination for tenant " + tenantId)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the tenant's push destinations (FHIR base URL and/or MLLP host:port)")
    public Uni<ObjectNode> put(@PathParam("tenantId") String tenantId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object");
        }
        String fhir = text(body, "fhir_base_url");
        if (fhir != null) {
            URI uri;
            try {
                uri = URI.create(fhir);
            } catch (IllegalArgumentException e) {
                throw invalid("fhir_base_url is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw invalid("fhir_base_url must be an absolute http or https URL");
            }
        }
        JsonNode mllp = body.path("mllp");
        String host = null;
        Integer port = null;
        if (mllp.isObject()) {
            host = text(mllp, "host");
            port = mllp.path("port").isInt() ? mllp.path("port").asInt() : null;
            if (host == null || port == null || port < 1 || port > 65535) {
                throw invalid("mllp needs host and port (1-65535)");
            }
        }
        if (fhir == null && host == null) {
            throw invalid("Give fhir_base_url and/or mllp {host, port}; DELETE removes push");
        }
        Endpoint e = new Endpoint(tenantId, fhir, host, port, mllp.isObject() ? text(mllp, "receiving_application") : null,
                mllp.isObject() ? text(mllp, "receiving_facility") : null, null);
        return repository.save(e).map(this::render);
    }

    @DELETE
    @Operation(summary = "Stop pushing for the tenant")
    public Uni<Response> delete(@PathParam("tenantId") String tenantId) {
        return repository.delete(tenantId).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No push destination for tenant " + tenantId);
            }
            return Response.noContent().build();
        });
    }

    @GET
    @Path("/deliveries")
    @Operation(summary = "Recent deliveries, newest first")
    public Uni<ObjectNode> deliveries(@PathParam("tenantId") String tenantId, @QueryParam("limit") Integer limit) {
        int size = limit == null ? 50 : Math.max(1, Math.min(200, limit));
        return repository.deliveries(tenantId, size).map(rows -> {
            ObjectNode out = json.createObjectNode();
            ArrayNode items = out.putArray("items");
            rows.forEach(r -> {
                ObjectNode n = items.addObject();
                n.put("report_id", r.reportId());
                n.put("channel", r.channel());
                n.put("status", r.status());
                n.put("attempts", r.attempts());
                n.put("last_error", r.lastError());
                n.put("created_at", r.createdAt().toInstant().toString());
                n.put("next_attempt_at", r.nextAttemptAt().toInstant().toString());
                n.put("delivered_at", r.deliveredAt() == null ? null : r.deliveredAt().toInstant().toString());
            });
            return out;
        });
    }

    private ObjectNode render(Endpoint e) {
        ObjectNode n = json.createObjectNode();
        n.put("tenant_id", e.tenantId());
        n.put("fhir_base_url", e.fhirBaseUrl());
        if (e.mllpHost() != null) {
            n.putObject("mllp").put("host", e.mllpHost()).put("port", e.mllpPort())
                    .put("receiving_application", e.receivingApplication())
                    .put("receiving_facility", e.receivingFacility());
        } else {
            n.putNull("mllp");
        }
        n.put("updated_at", e.updatedAt() == null ? null : e.updatedAt().toInstant().toString());
        return n;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
