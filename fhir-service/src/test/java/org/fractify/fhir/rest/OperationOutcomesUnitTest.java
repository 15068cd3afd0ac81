package org.fractify.fhir.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.renderings.FhirRenderer;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OperationOutcomesUnitTest {

    @ParameterizedTest
    @EnumSource(ProblemType.class)
    void everyProblemTypeIsAnOperationOutcomeWithItsOwnStatus(ProblemType type) {
        OperationOutcomes.Outcome outcome = OperationOutcomes.of(new ProblemException(type, "detail of " + type));

        assertThat(outcome.status()).isEqualTo(type.status());
        // as it goes on the wire (FhirServiceTest validates OperationOutcomes on the wire with HAPI's validator)
        OperationOutcome.OperationOutcomeIssueComponent issue = FhirRenderer.parse(OperationOutcome.class,
                FhirRenderer.json(outcome.resource())).getIssueFirstRep();
        IssueType code = issue.getCode();
        switch (type.status()) {
            case 400 -> assertThat(code).isEqualTo(IssueType.INVALID);
            case 401 -> assertThat(code).isEqualTo(IssueType.LOGIN);
            case 403 -> assertThat(code).isEqualTo(IssueType.FORBIDDEN);
            case 404 -> assertThat(code).isEqualTo(IssueType.NOTFOUND);
            case 405, 406, 415 -> assertThat(code).isEqualTo(IssueType.NOTSUPPORTED);
            case 409 -> assertThat(code).isEqualTo(IssueType.CONFLICT);
            case 413 -> assertThat(code).isEqualTo(IssueType.TOOLONG);
            case 422 -> assertThat(code).isEqualTo(IssueType.PROCESSING);
            case 503 -> assertThat(code).isEqualTo(IssueType.TRANSIENT);
            case 500 -> assertThat(code).isEqualTo(IssueType.EXCEPTION);
            default -> throw new AssertionError(type + " has a status (" + type.status() + ") this test does not know: "
                    + "choose its issue code in OperationOutcomes and here");
        }
        if (type.status() >= 500) {
            assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.FATAL);
        } else {
            assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
            assertThat(issue.getDiagnostics()).isEqualTo("detail of " + type);
        }
    }

    @Test
    void aServerFaultDoesNotShowItsDetail() {
        OperationOutcomes.Outcome outcome = OperationOutcomes.of(
                new ProblemException(ProblemType.INTERNAL_ERROR, "NullPointerException at X"));
        assertThat(outcome.resource().getIssueFirstRep().getDiagnostics()).isEqualTo(ProblemType.INTERNAL_ERROR.title());
    }

    @Test
    void aFhirExceptionKeepsItsOwnIssueCode() {
        OperationOutcomes.Outcome outcome = OperationOutcomes.of(
                new FhirException(ProblemType.INVALID_REQUEST, IssueType.REQUIRED, "patient?"));
        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.resource().getIssueFirstRep().getCode()).isEqualTo(IssueType.REQUIRED);
    }
}
