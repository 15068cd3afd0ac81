package org.fractify.report.mapping;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The API key that acknowledged a report: its integration and id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AcknowledgedBy(String integration, String keyId) {
}
