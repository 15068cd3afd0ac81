package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.contracts.Requester;
import org.fractify.gateway.client.WorklistClient;
import org.fractify.problem.ProblemException;

/** The requester's triage worklist, kept by report-service: by urgency (5 first), then oldest first. */
@ApplicationScoped
public class WorklistService {

    private final WorklistClient worklist;

    public WorklistService(@RestClient WorklistClient worklist) {
        this.worklist = worklist;
    }

    /** The worklist's filters and paging, as the public API names them; null where not given. */
    public record Query(String modality, Integer urgencyMin, Integer urgencyMax, String status, Boolean acknowledged,
            String from, String to, String cursor, Integer limit) {
    }

    /** One page; a query report-service refuses is its 400, an unreachable report-service a 503. */
    public Uni<ObjectNode> page(Requester requester, Query q) {
        return worklist.page(requester.tenantId(), q.modality(), q.urgencyMin(), q.urgencyMax(), q.status(),
                        q.acknowledged(), q.from(), q.to(), q.cursor(), q.limit())
                .onFailure(t -> !(t instanceof ProblemException)).transform(t -> ProblemException.unavailable("report-service", "The report store", t));
    }
}
