package org.fractify.fhir.rest;

import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.fractify.renderings.FhirRenderer;
import org.hl7.fhir.r4.model.OperationOutcome;

/** An error of the FHIR endpoint; answered as an OperationOutcome with the HTTP status. */
public class FhirException extends RuntimeException {

    private final int status;
    private final OperationOutcome.IssueType issueType;

    public FhirException(int status, OperationOutcome.IssueType issueType, String diagnostics) {
        super(diagnostics, null, false, false);
        this.status = status;
        this.issueType = issueType;
    }

    public int status() {
        return status;
    }

    public OperationOutcome.IssueType issueType() {
        return issueType;
    }

    /** An OperationOutcome response; no patient data goes into diagnostics. */
    static Response outcome(int status, OperationOutcome.IssueType type, String diagnostics) {
        if (status >= 500) {
            Log.errorf("FHIR %d: %s", status, diagnostics);
        } else {
            Log.warnf("FHIR %d: %s", status, diagnostics);
        }
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(status >= 500 ? OperationOutcome.IssueSeverity.FATAL
                : OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        return Response.status(status).type(FhirResource.FHIR_JSON_UTF8).entity(FhirRenderer.json(oo)).build();
    }
}
