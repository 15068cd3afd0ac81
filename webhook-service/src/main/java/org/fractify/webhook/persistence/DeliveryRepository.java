package org.fractify.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Deliveries for the delivery log; every read names its tenant and subscription. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, String> {

    public Uni<Delivery> findForSubscription(String tenantId, String subscriptionId, String id) {
        return find("id = ?1 and subscriptionId = ?2 and tenantId = ?3", id, subscriptionId, tenantId).firstResult();
    }

    /** Newest first; {@code beforeSeq} is the cursor of the previous page. */
    public Uni<List<Delivery>> page(String tenantId, String subscriptionId, Optional<String> status,
            Optional<Long> beforeSeq, int limit) {
        StringBuilder q = new StringBuilder("subscriptionId = :sub and tenantId = :tenant");
        io.quarkus.panache.common.Parameters p = io.quarkus.panache.common.Parameters.with("sub", subscriptionId)
                .and("tenant", tenantId);
        if (status.isPresent()) {
            q.append(" and status = :status");
            p = p.and("status", status.get());
        }
        if (beforeSeq.isPresent()) {
            q.append(" and seq < :before");
            p = p.and("before", beforeSeq.get());
        }
        q.append(" order by seq desc");
        return find(q.toString(), p).page(0, limit).list();
    }
}
