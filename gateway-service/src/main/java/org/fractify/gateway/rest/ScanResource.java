package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.fractify.gateway.service.CurrentRequester;
import org.fractify.gateway.service.ScanService;
import org.fractify.problem.Problem;
import org.fractify.problem.ProblemType;

/** POST /api/v1/scan/analyse. */
@Path("/api/v1/scan")
public class ScanResource {

    private final ScanService scans;
    private final CurrentRequester requester;
    private final PublicUrls urls;
    private final ObjectMapper mapper;

    public ScanResource(ScanService scans, CurrentRequester requester, PublicUrls urls, ObjectMapper mapper) {
        this.scans = scans;
        this.requester = requester;
        this.urls = urls;
        this.mapper = mapper;
    }

    @POST
    @Path("/analyse")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Analyse a scan", description = "Answers 200 with the analysis when it completes within "
            + "the deadline (default 10 s), else 202 with report_id and a Location to poll. "
            + "'Prefer: respond-async' always gives 202.")
    public Uni<Response> analyse(byte[] body,
            @Parameter(description = "respond-async to always get 202") @HeaderParam("Prefer") String prefer,
            @Context UriInfo uriInfo) {
        boolean async = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
        // The answer is completed by whichever thread hears of the report (the report-event consumer, the
        // deadline's timer): read what needs the request now, and hand the outcome back to the request's own
        // Vert.x context, where its request scope lives.
        URI base = urls.base(uriInfo);
        io.vertx.core.Context request = Vertx.currentContext();
        Uni<ScanService.Outcome> outcome = scans.submit(body, requester.get(), async);
        if (request != null) {
            outcome = outcome.emitOn(task -> request.runOnContext(ignored -> task.run()));
        }
        return outcome.map(done -> {
            if (done.analysis().isPresent()) {
                var analysis = done.analysis().get();
                if ("failed".equals(analysis.path("status").asText())) {
                    return failed(analysis);
                }
                return Response.ok(PublicUrls.absolutise(analysis, base)).build();
            }
            var accepted = mapper.createObjectNode()
                    .put("report_id", done.reportId())
                    .put("status", "processing");
            return Response.accepted(accepted).location(PublicUrls.report(base, done.reportId())).build();
        });
    }

    /**
     * A scan that could not be analysed (no model for the modality, an image that is not the requested
     * modality...) answers with the report's problem plus its report id. The report names the problem by its type
     * URI; the type, and so the status, is the registry's (a type the registry does not know is analysis-failed),
     * never a status the report states.
     */
    private Response failed(ObjectNode analysis) {
        JsonNode reported = analysis.path("problem");
        ProblemType type = ProblemType.fromUri(reported.path("type").asText(""))
                .orElse(ProblemType.ANALYSIS_FAILED);
        String reportId = analysis.path("report_id").asText();
        ObjectNode body = mapper.valueToTree(Problem.of(type, reported.path("detail").asText(type.title()),
                "/api/v1/report/" + reportId));
        body.put("report_id", reportId);
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
