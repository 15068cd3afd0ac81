package org.fractify.fhir.rest;

import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A problem of the registry as the FHIR endpoint answers it: an OperationOutcome with the problem's own HTTP
 * status and the issue code (FHIR R4 issue-type value set) that fits that status, unless the thrower named a
 * more precise one ({@link FhirException}). No patient data goes into diagnostics.
 */
final class OperationOutcomes {

    /** The HTTP status and the OperationOutcome that answer one problem. */
    record Outcome(int status, OperationOutcome resource) {
    }

    private OperationOutcomes() {
    }

    static Outcome of(ProblemException e) {
        ProblemType type = e.type();
        IssueType code = e instanceof FhirException f ? f.issueType() : issueType(type);
        // a server fault's detail may describe internals; the type's title says enough
        String diagnostics = type.status() >= 500 && type != ProblemType.SERVICE_UNAVAILABLE ? type.title() : e.detail();
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(type.status() >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR).setCode(code)
                .setDiagnostics(diagnostics);
        return new Outcome(type.status(), oo);
    }

    /** The issue code that fits the status of {@code type}. */
    static IssueType issueType(ProblemType type) {
        return switch (type.status()) {
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 409 -> IssueType.CONFLICT;
            case 413 -> IssueType.TOOLONG;
            case 422 -> IssueType.PROCESSING;
            case 503 -> IssueType.TRANSIENT;
            default -> type.status() < 500 ? IssueType.INVALID : IssueType.EXCEPTION;
        };
    }
}
