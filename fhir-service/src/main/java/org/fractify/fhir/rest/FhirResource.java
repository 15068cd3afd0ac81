package org.fractify.fhir.rest;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.contracts.InternalHeaders;
import org.fractify.contracts.ReportId;
import org.fractify.contracts.Requester;
import org.fractify.fhir.config.FhirConfig;
import org.fractify.fhir.service.ReportSource;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.renderings.FhirRenderer;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Fractify's FHIR R4 endpoint, reached through the gateway's {@code /fhir/*} (which authenticates the API key
 * and names the tenant in the path). DiagnosticReport read and search, and the CapabilityStatement; every
 * error is an OperationOutcome.
 */
@Path("/internal/v1/tenants/{tenantId}/fhir")
@Produces(FhirRenderer.FHIR_JSON)
public class FhirResource {

    static final String FHIR_JSON_UTF8 = FhirRenderer.FHIR_JSON + ";charset=utf-8";
    private static final int MAX_COUNT = 100;

    private final ReportSource reports;
    private final FhirConfig config;
    private final FhirRenderer renderer = new FhirRenderer();

    public FhirResource(ReportSource reports, FhirConfig config) {
        this.reports = reports;
        this.config = config;
    }

    @GET
    @Path("/metadata")
    @Operation(summary = "The CapabilityStatement")
    public Response metadata(@HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl) {
        return fhir(FhirRenderer.json(renderer.capabilityStatement(fhirBase(publicUrl), version())));
    }

    @GET
    @Path("/DiagnosticReport/{id}")
    @Operation(summary = "A report as a DiagnosticReport (id: the report id, with '-' or '_')")
    public Uni<Response> read(@PathParam("tenantId") String tenantId, @PathParam("id") String id,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl) {
        String reportId = FhirRenderer.reportId(id);
        if (!ReportId.isValid(reportId)) {
            throw new ProblemException(ProblemType.REPORT_NOT_FOUND, "No DiagnosticReport " + id);
        }
        return reports.report(Requesters.of(tenantId, integration, keyId), reportId, "fhir", publicUrl)
                .map(doc -> fhir(FhirRenderer.json(renderer.diagnosticReport(doc))));
    }

    @GET
    @Path("/DiagnosticReport")
    @Operation(summary = "Search by patient identifier and date")
    public Uni<Response> search(@PathParam("tenantId") String tenantId, @QueryParam("patient") String patient,
            @QueryParam("patient:identifier") String patientIdentifier,
            @QueryParam("subject:identifier") String subjectIdentifier, @QueryParam("date") List<String> dates,
            @QueryParam("_count") Integer count, @QueryParam("_revinclude") List<String> revinclude,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl, @Context UriInfo uriInfo) {
        Requester requester = Requesters.of(tenantId, integration, keyId);
        String patientId = patientId(patient, patientIdentifier, subjectIdentifier);
        DateRange range = DateRange.of(dates);
        int size = count == null ? 20 : Math.max(1, Math.min(MAX_COUNT, count));
        boolean provenance = revinclude != null && revinclude.contains("Provenance:target");
        String fhirBase = fhirBase(publicUrl);
        String self = fhirBase + "/DiagnosticReport" + (uriInfo.getRequestUri().getRawQuery() == null ? ""
                : "?" + uriInfo.getRequestUri().getRawQuery());
        return reports.search(requester, patientId, range.fromText(), range.toText(), size, "fhir-search", publicUrl)
                .map(docs -> fhir(FhirRenderer.json(renderer.searchSet(docs, provenance, fhirBase, self))));
    }

    /** The patient identifier of {@code patient=X}, {@code patient:identifier=[system|]X} or {@code subject:identifier}. */
    static String patientId(String patient, String patientIdentifier, String subjectIdentifier) {
        String value = patientIdentifier != null ? patientIdentifier : subjectIdentifier != null ? subjectIdentifier
                : patient;
        if (value == null || value.isBlank()) {
            throw new FhirException(ProblemType.INVALID_REQUEST, OperationOutcome.IssueType.REQUIRED,
                    "Search needs the patient: patient=<identifier> or patient:identifier=<identifier>");
        }
        if (value.startsWith("Patient/")) {
            value = value.substring("Patient/".length());
        }
        int bar = value.indexOf('|');
        return bar >= 0 ? value.substring(bar + 1) : value;
    }

    /** A created_at range from FHIR date parameters (eq, ge, gt, le, lt; date or dateTime precision). */
    record DateRange(Instant from, Instant to) {
        static DateRange of(List<String> values) {
            Instant from = null;
            Instant to = null;
            for (String raw : values == null ? List.<String>of() : values) {
                String prefix = raw.length() > 2 && Character.isLetter(raw.charAt(0)) ? raw.substring(0, 2) : "eq";
                String value = prefix.equals("eq") && !raw.startsWith("eq") ? raw : raw.substring(2);
                Instant[] span = span(value);
                switch (prefix) {
                    case "eq" -> {
                        from = max(from, span[0]);
                        to = min(to, span[1]);
                    }
                    case "ge", "sa" -> from = max(from, prefix.equals("ge") ? span[0] : span[1]);
                    case "gt" -> from = max(from, span[1]);
                    case "le" -> to = min(to, span[1]);
                    case "lt", "eb" -> to = min(to, span[0]);
                    default -> throw new FhirException(ProblemType.INVALID_REQUEST,
                            OperationOutcome.IssueType.NOTSUPPORTED,
                            "Unsupported date prefix '" + prefix + "'; use eq, ge, gt, le or lt");
                }
            }
            return new DateRange(from, to);
        }

        /** [start, end) of the value's precision: a day, or a second for a dateTime. */
        private static Instant[] span(String value) {
            try {
                if (value.length() == 10) {
                    LocalDate d = LocalDate.parse(value);
                    return new Instant[] {d.atStartOfDay(ZoneOffset.UTC).toInstant(),
                            d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()};
                }
                Instant t = OffsetDateTime.parse(value).toInstant();
                return new Instant[] {t, t.plusSeconds(1)};
            } catch (DateTimeParseException e) {
                throw new ProblemException(ProblemType.INVALID_REQUEST,
                        "date must be YYYY-MM-DD or a dateTime with a zone, optionally prefixed (ge, le...)");
            }
        }

        private static Instant max(Instant a, Instant b) {
            return a == null || b.isAfter(a) ? b : a;
        }

        private static Instant min(Instant a, Instant b) {
            return a == null || b.isBefore(a) ? b : a;
        }

        String fromText() {
            return from == null ? null : from.toString();
        }

        String toText() {
            return to == null ? null : to.toString();
        }
    }

    private String fhirBase(String publicUrl) {
        String base = publicUrl == null || publicUrl.isBlank() ? config.publicUrl() : publicUrl;
        return (base.endsWith("/") ? base : base + "/") + "fhir";
    }

    private static String version() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class).orElse("0.1.0");
    }

    static Response fhir(String json) {
        return Response.ok(json, FHIR_JSON_UTF8).build();
    }

    /** Every problem of this endpoint, whatever its type, is an OperationOutcome with the type's status. */
    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        OperationOutcomes.Outcome outcome = OperationOutcomes.of(e);
        if (outcome.status() >= 500) {
            Log.errorf("FHIR %d %s: %s", outcome.status(), e.type().slug(), e.detail());
        } else {
            Log.warnf("FHIR %d %s: %s", outcome.status(), e.type().slug(), e.detail());
        }
        return Response.status(outcome.status()).type(FHIR_JSON_UTF8).entity(FhirRenderer.json(outcome.resource()))
                .build();
    }
}
