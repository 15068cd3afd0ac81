package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.contracts.Requester;
import org.fractify.gateway.client.WebhookServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * The requester's webhooks, kept by webhook-service for the requester's tenant, so another tenant's webhook is a
 * 404 by construction; ids that cannot exist are 404 without a call. webhook-service's problems pass as they
 * are; a webhook-service that cannot be reached is a {@link ProblemType#SERVICE_UNAVAILABLE}.
 */
@ApplicationScoped
public class WebhookService {

    private static final Pattern WEBHOOK_ID = Pattern.compile("wh_[a-z0-9]{1,40}");
    private static final Pattern DELIVERY_ID = Pattern.compile("dlv_[a-z0-9]{1,40}");

    private final WebhookServiceClient webhooks;

    public WebhookService(@RestClient WebhookServiceClient webhooks) {
        this.webhooks = webhooks;
    }

    /** A page of a webhook's delivery log: an optional status filter, the cursor of the page and its size. */
    public record DeliveryQuery(String status, String cursor, Integer limit) {
    }

    public Uni<JsonNode> create(Requester requester, JsonNode body) {
        return call(webhooks.create(requester.tenantId(), body));
    }

    public Uni<JsonNode> list(Requester requester) {
        return call(webhooks.list(requester.tenantId()));
    }

    public Uni<JsonNode> get(Requester requester, String id) {
        return webhook(id, w -> webhooks.get(requester.tenantId(), w));
    }

    public Uni<JsonNode> update(Requester requester, String id, JsonNode body) {
        return webhook(id, w -> webhooks.update(requester.tenantId(), w, body));
    }

    public Uni<Void> delete(Requester requester, String id) {
        return webhook(id, w -> webhooks.delete(requester.tenantId(), w));
    }

    public Uni<JsonNode> rotateSecret(Requester requester, String id, JsonNode body) {
        return webhook(id, w -> webhooks.rotateSecret(requester.tenantId(), w, body));
    }

    public Uni<JsonNode> test(Requester requester, String id) {
        return webhook(id, w -> webhooks.test(requester.tenantId(), w));
    }

    public Uni<JsonNode> deliveries(Requester requester, String id, DeliveryQuery query) {
        return webhook(id, w -> webhooks.deliveries(requester.tenantId(), w, query.status(), query.cursor(),
                query.limit()));
    }

    public Uni<JsonNode> delivery(Requester requester, String id, String deliveryId) {
        return webhook(id, w -> delivery(deliveryId, d -> webhooks.delivery(requester.tenantId(), w, d)));
    }

    public Uni<JsonNode> replay(Requester requester, String id, String deliveryId) {
        return webhook(id, w -> delivery(deliveryId, d -> webhooks.replay(requester.tenantId(), w, d)));
    }

    private static <T> Uni<T> webhook(String id, Function<String, Uni<T>> call) {
        if (id == null || !WEBHOOK_ID.matcher(id).matches()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.WEBHOOK_NOT_FOUND, "No webhook " + id));
        }
        return call(call.apply(id));
    }

    private static <T> Uni<T> delivery(String id, Function<String, Uni<T>> call) {
        if (id == null || !DELIVERY_ID.matcher(id).matches()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.WEBHOOK_DELIVERY_NOT_FOUND,
                    "No delivery " + id));
        }
        return call.apply(id);
    }

    private static <T> Uni<T> call(Uni<T> call) {
        return call.onFailure(t -> !(t instanceof ProblemException)).transform(t -> ProblemException.unavailable("webhook-service", "The webhook service", t));
    }
}
