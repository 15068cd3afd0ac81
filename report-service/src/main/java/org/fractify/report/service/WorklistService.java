package org.fractify.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.fractify.contracts.Modality;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.report.mapping.WorklistPage;
import org.fractify.report.persistence.WorklistRepository;
import org.fractify.report.persistence.WorklistRepository.Key;

/**
 * The triage worklist: a tenant's reports by urgency (5 first), then oldest first within an urgency (the
 * study that has waited longest is read first), with reports that have no urgency yet (processing, failed)
 * last. Keyset pagination: {@code next_cursor} is the base64url of the last item's sort key, opaque to clients.
 */
@ApplicationScoped
public class WorklistService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final Set<String> STATUSES = Set.of("processing", "completed", "failed");

    private final WorklistRepository repository;
    private final ObjectMapper json;

    public WorklistService(WorklistRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** Query parameters as received; each may be null. */
    public record Filters(String modality, Integer urgencyMin, Integer urgencyMax, String status, Boolean acknowledged,
            String from, String to, String cursor, Integer limit) {
    }

    public Uni<WorklistPage> page(String tenantId, Filters f) {
        int min = f.urgencyMin() == null ? 0 : range("urgency_min", f.urgencyMin());
        int max = f.urgencyMax() == null ? 5 : range("urgency_max", f.urgencyMax());
        if (min > max) {
            throw invalid("urgency_min must not exceed urgency_max");
        }
        if (f.modality() != null && Modality.fromWireName(f.modality()).isEmpty()) {
            throw invalid("modality must be one of " + Modality.wireNames());
        }
        List<String> statuses = f.status() == null ? null : Arrays.stream(f.status().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (statuses != null && !STATUSES.containsAll(statuses)) {
            throw invalid("status must be a comma-separated list of processing, completed, failed");
        }
        Instant from = instant("from", f.from(), false);
        Instant to = instant("to", f.to(), true);
        int limit = f.limit() == null ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, f.limit());
        if (limit < 1) {
            throw invalid("limit must be at least 1");
        }
        // urgency u has rank 5 - u; a report without urgency has rank 5 and only matches when urgency_min is unset
        var q = new WorklistRepository.Query(tenantId, 5 - max, 5 - min, f.modality(), statuses, f.acknowledged(),
                from, to, decode(f.cursor()), limit + 1);
        return repository.page(q).map(items -> new WorklistPage(
                items.stream().limit(limit).map(WorklistPage.Item::of).toList(),
                items.size() > limit ? encode(items.get(limit - 1).key()) : null));
    }

    String encode(Key k) {
        ObjectNode n = json.createObjectNode().put("r", k.triageRank()).put("t", k.receivedAt().toString())
                .put("id", k.reportId());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    Key decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            JsonNode n = json.readTree(Base64.getUrlDecoder().decode(cursor));
            if (!n.path("r").isInt() || !n.path("t").isTextual() || !n.path("id").isTextual()) {
                throw invalid("cursor is not one this API issued");
            }
            return new Key(n.path("r").asInt(), Instant.parse(n.path("t").asText()), n.path("id").asText());
        } catch (IllegalArgumentException | java.io.IOException | DateTimeParseException e) {
            throw invalid("cursor is not one this API issued");
        }
    }

    private static int range(String name, int value) {
        if (value < 1 || value > 5) {
            throw invalid(name + " must be 1-5");
        }
        return value;
    }

    /** ISO-8601 instant, or a date (start of that day UTC; for {@code to}, the day is included). */
    private static Instant instant(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                LocalDate d = LocalDate.parse(value);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw invalid(name + " must be an ISO-8601 instant or date");
            }
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
