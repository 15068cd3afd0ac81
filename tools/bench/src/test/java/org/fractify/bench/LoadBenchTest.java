package org.fractify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadBenchTest {

    @Test
    void theOverallFiguresOfTheBareScanAnswerAreRead() {
        String json = "{\"runs\":10,\"p50_ms\":41.5,\"scans_per_s\":23.8,\"per_modality\":[{\"p50_ms\":9.0}]}";
        assertThat(LoadBench.number(json, "p50_ms")).isEqualTo(41.5);
        assertThat(LoadBench.number(json, "scans_per_s")).isEqualTo(23.8);
        assertThatThrownBy(() -> LoadBench.number(json, "p99_ms")).hasMessageContaining("p99_ms");
    }
}
