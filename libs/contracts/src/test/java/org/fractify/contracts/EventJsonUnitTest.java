package org.fractify.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
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
    void seriesJobRoundTripsWithDicomMetadataAndCandidatesAndDropsAllPixels() throws Exception {
        var dicom = new DicomMetadata("1.2.3", "1.2.3.4", "1.2.3.4.5", "CT", "HEAD", null, 2, 7, "2003-04-17",
                "1.2.840.10008.1.2", 0, 1, "ct-brain");
        var image = new NormalisedImage(512, 512, "iVBOR", "dicom", 512, 512, dicom);
        var candidate = new SliceCandidate(3, "1.2.3.4.6", new NormalisedImage(512, 512, "iVBOR2", "dicom", 512, 512,
                dicom));
        var job = new ScanJob(ScanJob.SCHEMA_VERSION, "evt_2", Instant.parse("2026-01-01T00:00:00Z"), "rpt_2", "t1",
                "pacs", "PT-1", Modality.CT_BRAIN, null, image, Map.of("decode", 3L),
                new SeriesSelection("1.2.3.4", 9, "1.2.3.4.5", 4, "middle slice"), List.of(candidate));
        String json = EventJson.mapper().writeValueAsString(job);
        assertThat(json).contains("\"series\":{\"seriesInstanceUid\":\"1.2.3.4\"")
                .contains("\"candidates\":[{\"index\":3");
        ScanJob back = EventJson.mapper().readValue(json, ScanJob.class);
        assertThat(back).isEqualTo(job);
        ScanJob stripped = back.withoutPixels();
        assertThat(stripped.image().pngBase64()).isNull();
        assertThat(stripped.image().dicom()).isEqualTo(dicom);
        assertThat(stripped.candidates()).singleElement().satisfies(c -> {
            assertThat(c.image().pngBase64()).isNull();
            assertThat(c.instanceUid()).isEqualTo("1.2.3.4.6");
        });
        assertThat(EventJson.mapper().writeValueAsString(stripped)).doesNotContain("iVBOR");
    }

    @Test
    void aJobOfTheFirstShapeReadsWithNoSeriesAndNoCandidates() throws Exception {
        String json = "{\"schemaVersion\":1,\"eventId\":\"e\",\"reportId\":\"rpt_1\",\"modality\":\"chest_xray\","
                + "\"image\":{\"width\":8,\"height\":8,\"pngBase64\":\"x\",\"sourceFormat\":\"png\","
                + "\"sourceWidth\":8,\"sourceHeight\":8}}";
        ScanJob job = EventJson.mapper().readValue(json, ScanJob.class);
        assertThat(job.series()).isNull();
        assertThat(job.candidates()).isEmpty();
        assertThat(job.image().dicom()).isNull();
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
