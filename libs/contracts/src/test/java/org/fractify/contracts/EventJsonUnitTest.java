package org.fractify.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonUnitTest {

    @Test
    void scanJobRoundTripsAndDropsPixels() throws Exception {
        var job = new ScanJob(ScanJob.SCHEMA_VERSION, "evt_1", Instant.parse("2026-01-01T00:00:00Z"), "rpt_1", "t1",
                "pacs", "PT-1", Modality.CHEST_XRAY, null,
                new NormalisedImage(224, 224, "iVBOR", "png", 224, 224), Map.of("decode", 3L));
        String json = EventJson.mapper().writeValueAsString(job);
        assertThat(json).contains("\"modality\":\"chest_xray\"").contains("\"occurredAt\":\"2026-01-01T00:00:00Z\"");
        ScanJob back = EventJson.mapper().readValue(json, ScanJob.class);
        assertThat(back).isEqualTo(job);
        assertThat(back.withoutPixels().image().pngBase64()).isNull();
    }

    @Test
    void unknownFieldsFromNewerProducersAreIgnored() throws Exception {
        String json = "{\"schemaVersion\":1,\"eventId\":\"e\",\"type\":\"report.completed\",\"reportId\":\"rpt_1\","
                + "\"urgency\":5,\"modality\":\"ct_brain\",\"addedLater\":true}";
        ReportEvent event = EventJson.mapper().readValue(json, ReportEvent.class);
        assertThat(event.critical()).isTrue();
        assertThat(event.modality()).isEqualTo(Modality.CT_BRAIN);
    }

    @Test
    void modalityWireNames() {
        assertThat(Modality.fromWireName("abdominal_ct")).contains(Modality.ABDOMINAL_CT);
        assertThat(Modality.fromWireName("CT")).isEmpty();
        assertThat(Modality.values()).hasSize(7);
    }
}
