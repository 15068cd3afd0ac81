package org.fractify.fhir.rest;

import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A problem of the FHIR endpoint whose OperationOutcome issue code says more than its status does (a missing
 * search parameter is {@code required}, an unknown date prefix {@code not-supported}); the status is the
 * problem type's, as for every other problem.
 */
public class FhirException extends ProblemException {

    private final OperationOutcome.IssueType issueType;

    public FhirException(ProblemType type, OperationOutcome.IssueType issueType, String diagnostics) {
        super(type, diagnostics);
        this.issueType = issueType;
    }

    public OperationOutcome.IssueType issueType() {
        return issueType;
    }
}
