package org.fractify.fhir.mapping;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.fractify.fhir.persistence.PushRepository.DeliveryRow;
import org.fractify.fhir.persistence.PushRepository.Endpoint;

/** The JSON shapes of the push configuration API (snake_case on the wire; unused channels are null). */
public final class PushViews {

    private PushViews() {
    }

    /** A tenant's push destinations; {@code mllp} is null when reports are not sent over MLLP. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Destinations(String tenantId, String fhirBaseUrl, Mllp mllp, Instant updatedAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Mllp(String host, Integer port, String receivingApplication, String receivingFacility) {
    }

    /** One delivery of a report over one channel, as listed to operators. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Delivery(String reportId, String channel, String status, int attempts, String lastError,
            Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {
    }

    public record Deliveries(List<Delivery> items) {
    }

    public static Destinations of(Endpoint e) {
        Mllp mllp = e.mllpHost() == null ? null
                : new Mllp(e.mllpHost(), e.mllpPort(), e.receivingApplication(), e.receivingFacility());
        return new Destinations(e.tenantId(), e.fhirBaseUrl(), mllp, instant(e.updatedAt()));
    }

    public static Deliveries of(List<DeliveryRow> rows) {
        return new Deliveries(rows.stream().map(r -> new Delivery(r.reportId(), r.channel(), r.status(), r.attempts(),
                r.lastError(), instant(r.createdAt()), instant(r.nextAttemptAt()), instant(r.deliveredAt()))).toList());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
