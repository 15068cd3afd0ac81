package org.fractify.report.mapping;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** The answer to an acknowledgement: the report as acknowledged (by the first acknowledgement, if several). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Acknowledgement(String reportId, String status, boolean acknowledged, Instant acknowledgedAt,
        AcknowledgedBy acknowledgedBy) {
}
