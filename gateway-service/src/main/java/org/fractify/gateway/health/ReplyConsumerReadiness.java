package org.fractify.gateway.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.fractify.gateway.messaging.PartitionAssignment;

/** Ready only once report events can reach this instance, so no synchronous reply is missed. */
@Readiness
@ApplicationScoped
public class ReplyConsumerReadiness implements HealthCheck {

    private final PartitionAssignment assignment;

    public ReplyConsumerReadiness(@Identifier("report-events-rebalance") PartitionAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("report-events-consumer").status(assignment.assigned()).build();
    }
}
