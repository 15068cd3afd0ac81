package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.contracts.ReportId;
import org.fractify.contracts.Requester;
import org.fractify.gateway.client.FhirServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * What fhir-service renders and pushes, for the requester's tenant: FHIR reads and searches, a report as HL7 v2,
 * and (for the operator) a tenant's push destinations. fhir-service's answers are relayed as they are; an
 * fhir-service that cannot be reached is a {@link ProblemType#SERVICE_UNAVAILABLE}.
 */
@ApplicationScoped
public class FhirService {

    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final FhirServiceClient fhir;

    public FhirService(@RestClient FhirServiceClient fhir) {
        this.fhir = fhir;
    }

    /** A search of the requester's DiagnosticReports, with fhir-service's FHIR search parameters. */
    public record Search(String patient, String patientIdentifier, String subjectIdentifier, List<String> date,
            Integer count, List<String> revinclude) {
    }

    public Uni<Relayed> metadata(Requester requester, String publicUrl) {
        return relay(fhir.metadata(requester.tenantId(), publicUrl));
    }

    public Uni<Relayed> read(Requester requester, String id, String publicUrl) {
        return relay(fhir.read(requester.tenantId(), id, requester.integration(), requester.keyId(), publicUrl));
    }

    public Uni<Relayed> search(Requester requester, Search search, String publicUrl) {
        return relay(fhir.search(requester.tenantId(), search.patient(), search.patientIdentifier(),
                search.subjectIdentifier(), search.date(), search.count(), search.revinclude(),
                requester.integration(), requester.keyId(), publicUrl));
    }

    /** The report as an HL7 v2.5.1 ORU^R01 message; an id that cannot be a report's is 404 without a call. */
    public Uni<Relayed> hl7(Requester requester, String reportId, String publicUrl) {
        if (!ReportId.isValid(reportId)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId));
        }
        return relay(fhir.hl7(requester.tenantId(), reportId, requester.integration(), requester.keyId(), publicUrl));
    }

    public Uni<Relayed> push(String tenantId) {
        return tenant(tenantId).flatMap(t -> relay(fhir.push(t)));
    }

    public Uni<Relayed> setPush(String tenantId, JsonNode body) {
        return tenant(tenantId).flatMap(t -> relay(fhir.setPush(t, body)));
    }

    public Uni<Relayed> deletePush(String tenantId) {
        return tenant(tenantId).flatMap(t -> relay(fhir.deletePush(t)));
    }

    public Uni<Relayed> pushDeliveries(String tenantId, Integer limit) {
        return tenant(tenantId).flatMap(t -> relay(fhir.deliveries(t, limit)));
    }

    private static Uni<String> tenant(String tenantId) {
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST, "Invalid tenant id"));
        }
        return Uni.createFrom().item(tenantId);
    }

    private static Uni<Relayed> relay(Uni<Response> call) {
        return call.map(Relayed::of).onFailure().transform(t -> ProblemException.unavailable("fhir-service", "The FHIR service", t));
    }
}
