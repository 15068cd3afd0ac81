package org.fractify.gateway;

import java.util.List;
import org.fractify.testsupport.InternalApiStub;

/**
 * The internal APIs of report-service and fhir-service as the gateway sees them: test-support's
 * {@link InternalApiStub} (which records each request's method, path, query and caller headers) with canned
 * answers for every path the gateway calls. The gateway's part is routing, tenant scoping and passing the caller
 * on; the services' own tests cover what they answer.
 */
public class InternalServicesStub extends InternalApiStub {

    {
        route(".*/worklist", 200, "application/json",
                "{\"items\":[{\"report_id\":\"rpt_a1\",\"urgency\":5}],\"next_cursor\":\"abc\"}");
        route(".*/acknowledge", 200, "application/json", "{\"report_id\":\"rpt_a1\",\"acknowledged\":true}");
        route(".*/hl7", 200, "application/hl7-v2;charset=utf-8",
                "MSH|^~\\&|FRACTIFY|FRACTIFY|||20261128||ORU^R01^ORU_R01|1|P|2.5.1\r");
        route(".*/fhir/DiagnosticReport/rpt-missing.*", 404, "application/fhir+json;charset=utf-8",
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}");
        route(".*/fhir/.*", 200, "application/fhir+json;charset=utf-8",
                "{\"resourceType\":\"DiagnosticReport\",\"id\":\"rpt-a1\",\"status\":\"preliminary\"}");
        route(".*/push", 200, "application/json", "{\"tenant_id\":\"tenant-a\",\"fhir_base_url\":\"https://fhir.example/r4\"}");
        route(".*", 200, "application/json",
                "{\"report_id\":\"rpt_a1\",\"status\":\"completed\",\"heatmap_url\":\"/api/v1/report/rpt_a1/heatmap\"}");
    }

    @Override
    protected List<String> restClients() {
        return List.of("report-service", "fhir-service");
    }
}
