package org.fractify.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.fractify.problem.ProblemType;
import org.junit.jupiter.api.Test;

class FailureUnitTest {

    @Test
    void aFailureIsWrittenWithItsSlugAndTheRegistrysStatus() throws Exception {
        String json = EventJson.mapper().writeValueAsString(
                new AnalysisCompleted.Failure(ProblemType.MODALITY_MISMATCH, "not a chest radiograph"));
        assertThat(json).contains("\"type\":\"modality-mismatch\"").contains("\"status\":422")
                .doesNotContain("problem");
    }

    @Test
    void theStatusIsReadFromTheRegistryNotFromTheEvent() throws Exception {
        AnalysisCompleted.Failure f = read("{\"type\":\"modality-mismatch\",\"status\":200,\"detail\":\"d\"}");
        assertThat(f.problem()).isEqualTo(ProblemType.MODALITY_MISMATCH);
        assertThat(f.status()).isEqualTo(422);
    }

    @Test
    void anUnknownSlugIsAnAnalysisFailure() throws Exception {
        AnalysisCompleted.Failure f = read("{\"type\":\"no-such-problem\",\"status\":503,\"detail\":\"d\"}");
        assertThat(f.problem()).isEqualTo(ProblemType.ANALYSIS_FAILED);
        assertThat(f.status()).isEqualTo(422);
    }

    private static AnalysisCompleted.Failure read(String json) throws Exception {
        return EventJson.mapper().readValue(json, AnalysisCompleted.Failure.class);
    }
}
