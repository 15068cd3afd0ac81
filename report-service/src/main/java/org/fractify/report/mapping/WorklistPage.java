package org.fractify.report.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import org.fractify.report.persistence.WorklistRepository;

/**
 * One page of the triage worklist.
 *
 * @param nextCursor opaque; null on the last page
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorklistPage(List<Item> items, String nextCursor) {

    /** A report on the worklist; {@code acknowledged_at} and {@code acknowledged_by} only once acknowledged. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(String reportId, String status, String modality, String patientId, Integer urgency,
            String primaryCondition, Instant createdAt, Instant completedAt, boolean acknowledged,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant acknowledgedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) AcknowledgedBy acknowledgedBy) {

        public static Item of(WorklistRepository.Item i) {
            boolean acknowledged = i.acknowledgedAt() != null;
            return new Item(i.reportId(), i.status(), i.modality(), i.patientId(), i.urgency(), i.primaryCondition(),
                    i.createdAt(), i.completedAt(), acknowledged, i.acknowledgedAt(),
                    acknowledged ? new AcknowledgedBy(i.acknowledgedByIntegration(), i.acknowledgedByKeyId()) : null);
        }
    }
}
