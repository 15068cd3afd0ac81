package org.fractify.fhir.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.fhir.client.ReportServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.renderings.ReportDocument;

/**
 * Fetches reports from report-service when a rendering is asked for; nothing is cached, so every rendering
 * shows the report as stored now (acknowledgement included) and report-service audits every read.
 */
@ApplicationScoped
public class ReportSource {

    /** Who asks (from the gateway's headers) and how the result will be rendered. */
    public record Asker(String integration, String keyId, String representation, String publicUrl) {
    }

    private final ReportServiceClient client;

    public ReportSource(@RestClient ReportServiceClient client) {
        this.client = client;
    }

    public Uni<ReportDocument> report(String tenantId, String reportId, Asker asker) {
        return client.get(tenantId, reportId, asker.integration(), asker.keyId(), asker.representation(),
                        asker.publicUrl())
                .map(ReportDocument::from)
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportSource::unavailable);
    }

    public Uni<List<ReportDocument>> search(String tenantId, String patientId, String from, String to, int limit,
            Asker asker) {
        return client.search(tenantId, patientId, from, to, limit, asker.integration(), asker.keyId(),
                        asker.representation(), asker.publicUrl())
                .map(page -> {
                    List<ReportDocument> docs = new ArrayList<>();
                    page.path("items").forEach(n -> docs.add(ReportDocument.from(n)));
                    return docs;
                })
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportSource::unavailable);
    }

    private static ProblemException unavailable(Throwable t) {
        io.quarkus.logging.Log.errorf("report-service call failed: %s", t.toString());
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The report store is unavailable; retry later");
    }
}
