package org.fractify.fhir.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.fractify.fhir.config.FhirConfig;
import org.fractify.renderings.FhirRenderer;
import org.fractify.renderings.ReportDocument;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Posts a report as a FHIR transaction Bundle to a tenant's FHIR server (blocking; called on a worker
 * thread). The Bundle PUTs resources with ids derived from the report id, so a retry is idempotent.
 */
@ApplicationScoped
public class FhirPusher {

    private final HttpClient http;
    private final Duration timeout;
    private final FhirRenderer renderer = new FhirRenderer();

    public FhirPusher(FhirConfig config) {
        this.timeout = config.push().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public DeliveryOutcome push(ReportDocument report, String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        Bundle bundle = renderer.transaction(report, base);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base)).timeout(timeout)
                .header("Content-Type", FhirRenderer.FHIR_JSON + ";charset=utf-8")
                .header("Accept", FhirRenderer.FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(FhirRenderer.json(bundle))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                Bundle answer = FhirRenderer.parse(Bundle.class, response.body());
                if (answer.getType() != Bundle.BundleType.TRANSACTIONRESPONSE) {
                    return DeliveryOutcome.refused("the server answered a " + answer.getType() + " bundle");
                }
                return DeliveryOutcome.ok();
            }
            String error = "HTTP " + status + " from the FHIR server";
            return status >= 500 || status == 408 || status == 429 ? DeliveryOutcome.retry(error)
                    : DeliveryOutcome.refused(error);
        } catch (IOException e) {
            return DeliveryOutcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retry("interrupted");
        } catch (RuntimeException e) {
            return DeliveryOutcome.refused("unreadable answer: " + e.getClass().getSimpleName());
        }
    }
}
