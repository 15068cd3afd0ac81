package org.fractify.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Subscriptions; every read names its tenant. */
@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<Subscription, String> {

    public Uni<Subscription> findForTenant(String tenantId, String id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    public Uni<List<Subscription>> listForTenant(String tenantId) {
        return list("tenantId = ?1 order by createdAt, id", tenantId);
    }

    public Uni<List<Subscription>> enabledForTenant(String tenantId) {
        return list("tenantId = ?1 and enabled = true", tenantId);
    }
}
