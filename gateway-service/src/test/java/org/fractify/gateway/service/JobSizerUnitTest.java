package org.fractify.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.SliceCandidate;
import org.fractify.gateway.messaging.ScanJobRecord;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.junit.jupiter.api.Test;

/** How a job is kept within one Kafka record, measured on the bytes that are published. */
class JobSizerUnitTest {

    private static final String RULE = "ct_brain: the middle slice";

    private static NormalisedImage image(int base64Chars) {
        return new NormalisedImage(512, 512, "A".repeat(base64Chars), "dicom", 512, 512);
    }

    /** A series job: representative slice 2 of 5, candidates 0, 1, 3 and 4, each image of the given size. */
    private static ScanJob series(int base64Chars) {
        List<SliceCandidate> candidates = List.of(0, 1, 3, 4).stream()
                .map(i -> new SliceCandidate(i, "1.2.3." + i, image(base64Chars))).toList();
        return new ScanJob(ScanJob.SCHEMA_VERSION, "e-1", Instant.parse("2026-12-04T10:00:00Z"), "rpt_abc", "tenant-a",
                "pacs", "PT-1", Modality.CT_BRAIN, null, image(base64Chars), Map.of("decode", 3L),
                new SeriesSelection("1.2.3", 5, "1.2.3.2", 2, RULE), candidates, new ScanJob.Reply("key_x"));
    }

    private static ScanJob published(ScanJobRecord record) throws Exception {
        return EventJson.mapper().readValue(record.value(), ScanJob.class);
    }

    @Test
    void aJobThatFitsPassesUnchangedAsTheBytesItIsPublishedAs() throws Exception {
        ScanJob job = series(10_000);
        ScanJobRecord record = new JobSizer(900_000).fitted(job);
        assertThat(record.job()).isSameAs(job);
        assertThat(record.value()).isEqualTo(EventJson.mapper().writeValueAsBytes(job));
        assertThat(record.metadata()).isEqualTo(EventJson.mapper().writeValueAsBytes(job.withoutPixels()));
        assertThat(record.size()).isGreaterThan(record.value().length + record.metadata().length);
        assertThat(published(record).series().rule()).isEqualTo(RULE);
        assertThat(published(record).candidates()).hasSize(4);
    }

    @Test
    void aSeriesJobOverTheLimitLeavesOutTheCandidatesFarthestFromTheRepresentativeAndSaysSo() throws Exception {
        // image and two candidates (30,000 characters of pixels) fit 35,000 bytes; a third does not
        ScanJobRecord record = new JobSizer(35_000).fitted(series(10_000));
        assertThat(record.size()).isLessThanOrEqualTo(35_000);
        ScanJob sent = published(record);
        assertThat(sent).isEqualTo(record.job());
        assertThat(sent.candidates()).extracting(SliceCandidate::index).containsExactly(1, 3);
        assertThat(sent.series().rule()).isEqualTo(RULE + "; 2 candidate(s) farthest from the representative left "
                + "out to keep the job under 35000 bytes");
        assertThat(sent.reply().keyId()).isEqualTo("key_x");
        assertThat(sent.image().pngBase64()).hasSize(10_000);
    }

    @Test
    void aJobThatCannotFitEvenWithoutCandidatesIs413() {
        assertThatThrownBy(() -> new JobSizer(35_000).fitted(series(40_000)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
                    assertThat(p.type().status()).isEqualTo(413);
                    assertThat(p.detail()).contains("at most 35000 fit one queued job");
                });
        ScanJob single = new ScanJob(ScanJob.SCHEMA_VERSION, "e-2", Instant.now(), "rpt_def", "tenant-a", "pacs", "PT-1",
                Modality.CHEST_XRAY, null, image(40_000), Map.of());
        assertThatThrownBy(() -> new JobSizer(35_000).fitted(single))
                .isInstanceOfSatisfying(ProblemException.class,
                        p -> assertThat(p.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
    }
}
