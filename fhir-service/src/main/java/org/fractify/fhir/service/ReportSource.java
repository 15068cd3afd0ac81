package org.fractify.fhir.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.contracts.Requester;
import org.fractify.fhir.client.ReportServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.renderings.ReportDocument;

/**
 * Fetches reports from report-service when a rendering is asked for; nothing is cached, so every rendering
 * shows the report as stored now (acknowledgement included) and report-service audits every read. Each read
 * names its {@link Requester} (whose tenant scopes it), the {@code representation} being rendered (fhir, hl7,
 * fhir-push...; recorded in the audit) and the gateway's {@code publicUrl} (for links in the report).
 */
@ApplicationScoped
public class ReportSource {

    private final ReportServiceClient client;

    public ReportSource(@RestClient ReportServiceClient client) {
        this.client = client;
    }

    public Uni<ReportDocument> report(Requester requester, String reportId, String representation, String publicUrl) {
        return client.get(requester.tenantId(), reportId, requester.integration(), requester.keyId(), representation,
                        publicUrl)
                .map(ReportDocument::from)
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportSource::unavailable);
    }

    public Uni<List<ReportDocument>> search(Requester requester, String patientId, String from, String to, int limit,
            String representation, String publicUrl) {
        return client.search(requester.tenantId(), patientId, from, to, limit, requester.integration(),
                        requester.keyId(), representation, publicUrl)
                .map(page -> {
                    List<ReportDocument> docs = new ArrayList<>();
                    page.path("items").forEach(n -> docs.add(ReportDocument.from(n)));
                    return docs;
                })
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportSource::unavailable);
    }

    private static ProblemException unavailable(Throwable t) {
        return ProblemException.unavailable("report-service", "The report store", t);
    }
}
