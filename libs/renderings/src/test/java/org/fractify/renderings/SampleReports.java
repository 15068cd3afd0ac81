package org.fractify.renderings;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fractify.renderings.ReportDocument.AcknowledgedBy;
import org.fractify.renderings.ReportDocument.Code;
import org.fractify.renderings.ReportDocument.Differential;
import org.fractify.renderings.ReportDocument.Finding;
import org.fractify.renderings.ReportDocument.Guidance;
import org.fractify.renderings.ReportDocument.Location;
import org.fractify.renderings.ReportDocument.Model;

/** Report documents for rendering tests. */
public final class SampleReports {

    private SampleReports() {
    }

    public static final Instant CREATED = Instant.parse("2026-11-28T08:15:30Z");
    public static final Instant COMPLETED = Instant.parse("2026-11-28T08:15:31.250Z");

    public static ReportDocument haemorrhage(boolean acknowledged) {
        Finding bleed = new Finding("Intracranial haemorrhage", "hemorrhage",
                new Code("http://snomed.info/sct", "1386000", "Intracranial hemorrhage (disorder)"), 96.4, "Critical", 5,
                new Location("left parietal lobe", List.of(0.52, 0.31, 0.2, 0.18)));
        Guidance g = new Guidance("2026.11-2", "Intracranial haemorrhage", "Critical",
                "CT pattern compatible with acute intracranial haemorrhage | needs immediate review.",
                List.of("Escalate to the stroke / neurosurgical team now.", "Check anticoagulant use & reverse it."),
                List.of("Anticoagulation mentioned: urgent reversal per AHA/ASA 2022."),
                List.of("AHA/ASA 2022 Guideline for the Management of Patients With Spontaneous Intracerebral Hemorrhage"),
                "Decision support for a qualified clinician, not a diagnosis.");
        return new ReportDocument("rpt_0a1b2c3d4e5f6g7h8i9j", ReportDocument.COMPLETED, "ct_brain", "PT-0042",
                CREATED, COMPLETED, List.of(bleed), 5, "https://fractify.example/api/v1/report/rpt_0a1b2c3d4e5f6g7h8i9j/heatmap",
                new Model("fractify-ct-brain", "0.2.0"), Map.of("hemorrhage", 0.964, "normal", 0.036), g,
                List.of(new Differential("Intracranial haemorrhage", "hemorrhage", 0.964, "Hyperdense collection.")),
                acknowledged, acknowledged ? COMPLETED.plusSeconds(60) : null,
                acknowledged ? new AcknowledgedBy("pacs", "key_abc123") : null);
    }

    public static ReportDocument normal() {
        return new ReportDocument("rpt_normal00000000000001", ReportDocument.COMPLETED, "chest_xray", "PT-7",
                CREATED, COMPLETED, List.of(), 1, null, new Model("fractify-chest-xray", "0.1.0"),
                Map.of("normal", 0.93, "pneumonia", 0.07), null, List.of(), false, null, null);
    }

    public static ReportDocument processing() {
        return new ReportDocument("rpt_processing0000000001", ReportDocument.PROCESSING, "dental", "PT-8",
                CREATED, null, List.of(), null, null, null, Map.of(), null, List.of(), false, null, null);
    }

    public static ReportDocument failed() {
        return new ReportDocument("rpt_failed00000000000001", ReportDocument.FAILED, "bone_xray", "PT-9",
                CREATED, COMPLETED, List.of(), null, null, null, Map.of(), null, List.of(), false, null, null);
    }
}
