package org.fractify.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fractify.contracts.SeriesSelection;
import org.junit.jupiter.api.Test;

class ScanServiceUnitTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aSeriesAnswerCarriesTheGatewaysSeriesUntilTheReportHasItsOwn() {
        var series = new SeriesSelection("1.2.3", 12, "1.2.3.7", 5, "ct_brain: ...");
        ObjectNode analysis = mapper.createObjectNode().put("report_id", "rpt_x");
        ScanService.withSeries(analysis, series);
        assertThat(analysis.path("series").path("series_instance_uid").asText()).isEqualTo("1.2.3");
        assertThat(analysis.path("series").path("slices_received").asInt()).isEqualTo(12);
        assertThat(analysis.path("series").path("selected_instance_uid").asText()).isEqualTo("1.2.3.7");
        assertThat(analysis.path("series").path("selected_index").asInt()).isEqualTo(5);
        assertThat(analysis.path("series").path("rule").asText()).isEqualTo("ct_brain: ...");

        ObjectNode rendered = mapper.createObjectNode();
        rendered.putObject("series").put("selected_index", 7);
        ScanService.withSeries(rendered, series);
        assertThat(rendered.path("series").path("selected_index").asInt()).isEqualTo(7);

        ObjectNode single = mapper.createObjectNode();
        ScanService.withSeries(single, null);
        assertThat(single.has("series")).isFalse();
    }
}
