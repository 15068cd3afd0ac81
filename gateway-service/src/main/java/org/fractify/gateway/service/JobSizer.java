package org.fractify.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.SliceCandidate;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.messaging.ScanJobRecord;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Keeps a job within one Kafka record of at most {@code series.max-job-bytes} (the job and its metadata header):
 * candidates farthest from the representative slice are left out (and the series rule says so) until the record
 * fits; a job that does not fit even without candidates is a 413. The answer is the record as it will be
 * published, so the bytes measured are the bytes sent.
 */
@ApplicationScoped
public class JobSizer {

    private final int maxBytes;

    @Inject
    public JobSizer(GatewayConfig config) {
        this(config.series().maxJobBytes());
    }

    JobSizer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public ScanJobRecord fitted(ScanJob job) {
        ScanJobRecord record = ScanJobRecord.of(job);
        if (record.size() <= maxBytes) {
            return record;
        }
        List<SliceCandidate> kept = new ArrayList<>(job.candidates());
        int representative = job.series() == null ? 0 : job.series().selectedIndex();
        kept.sort(Comparator.comparingInt((SliceCandidate c) -> Math.abs(c.index() - representative))
                .thenComparingInt(SliceCandidate::index));
        while (record.size() > maxBytes && !kept.isEmpty()) {
            kept.remove(kept.size() - 1);
            record = ScanJobRecord.of(withCandidates(job, kept));
        }
        if (record.size() > maxBytes) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The scan job would be " + record.size()
                    + " bytes (normalised image and clinical_context); at most " + maxBytes + " fit one queued job");
        }
        return record;
    }

    /** The job with only the {@code kept} candidates, in index order, its rule saying how many were left out. */
    private ScanJob withCandidates(ScanJob job, List<SliceCandidate> kept) {
        List<SliceCandidate> ordered = kept.stream().sorted(Comparator.comparingInt(SliceCandidate::index)).toList();
        int dropped = job.candidates().size() - ordered.size();
        SeriesSelection s = job.series();
        SeriesSelection amended = new SeriesSelection(s.seriesInstanceUid(), s.slicesReceived(),
                s.selectedInstanceUid(), s.selectedIndex(), s.rule() + "; " + dropped + " candidate(s) farthest "
                        + "from the representative left out to keep the job under " + maxBytes + " bytes");
        return new ScanJob(job.schemaVersion(), job.eventId(), job.occurredAt(), job.reportId(), job.tenantId(),
                job.integration(), job.patientId(), job.modality(), job.clinicalContext(), job.image(),
                job.gatewayStagesMs(), amended, ordered, job.reply());
    }
}
