package org.fractify.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ScanJob;
import org.fractify.inference.config.InferenceConfig;
import org.junit.jupiter.api.Test;

class AnalyserUnitTest {

    private static final InferenceConfig NO_MODELS = new InferenceConfig() {
        @Override
        public String modelsDir() {
            return "does-not-exist";
        }

        @Override
        public int concurrency() {
            return 1;
        }

        @Override
        public int intraOpThreads() {
            return 1;
        }

        @Override
        public boolean graphOptimizer() {
            return false;
        }

        @Override
        public int warmupRuns() {
            return 0;
        }
    };

    @Test
    void aModalityWithoutAModelFailsWithANamedProblemAndKeepsNoPixels() {
        ModelRegistry registry = new ModelRegistry(NO_MODELS, new ObjectMapper());
        Analyser analyser = new Analyser(registry, new ModalityGuard(registry));
        ScanJob job = new ScanJob(1, "e1", Instant.now(), "rpt_1", "t", "i", "P", Modality.DENTAL, null,
                new NormalisedImage(224, 224, "iVBORw0KGgo=", "png", 224, 224), Map.of());
        AnalysisCompleted a = analyser.analyse(job, job.occurredAt());
        assertThat(a.status()).isEqualTo(AnalysisCompleted.FAILED);
        assertThat(a.failure().type()).isEqualTo("modality-unavailable");
        assertThat(a.failure().status()).isEqualTo(422);
        assertThat(a.failure().detail()).contains("dental");
        assertThat(a.job().image().pngBase64()).isNull();
    }
}
