package org.fractify.renderings;

import java.util.Map;

/**
 * The codes a rendering uses for a study type and its anatomy. LOINC codes are those of the LOINC/RSNA
 * radiology playbook for the study Fractify analyses; see docs/decisions (FHIR and HL7 renderings) for the
 * table and why each was chosen. SNOMED CT body structures locate the findings.
 */
public final class StudyCodes {

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    /** Fractify's own concepts (AI confidence, urgency): no standard code exists for them. */
    public static final String FRACTIFY_CODES = "https://fractify.org/fhir/CodeSystem/ai-result";

    /** A study type: its LOINC procedure code and the body structure it images. */
    public record Study(String loinc, String loincDisplay, String bodySite, String bodySiteDisplay) {
    }

    private static final Map<String, Study> STUDIES = Map.of(
            "chest_xray", new Study("36643-5", "XR Chest 2 Views", "39607008", "Lung structure"),
            "bone_xray", new Study("24689-2", "XR Upper extremity Views", "53120007", "Upper limb structure"),
            "ct_brain", new Study("24725-4", "CT Head", "12738006", "Brain structure"),
            "ct_chest", new Study("24627-2", "CT Chest", "39607008", "Lung structure"),
            "brain_mri", new Study("24590-2", "MR Brain", "12738006", "Brain structure"),
            "dental", new Study("24828-6", "XR Mandible Panoramic", "38199008", "Tooth structure"),
            "abdominal_ct", new Study("41806-1", "CT Abdomen", "64033007", "Kidney structure"));

    /** Any diagnostic imaging study: the fallback for a modality without a row above. */
    private static final Study GENERIC = new Study("18748-4", "Diagnostic imaging study", null, null);

    private StudyCodes() {
    }

    public static Study of(String modality) {
        return STUDIES.getOrDefault(modality, GENERIC);
    }

    /** SNOMED CT severity qualifiers; Critical maps to "life threatening severity". */
    public static String severityCode(String severity) {
        if (severity == null) {
            return null;
        }
        return switch (severity) {
            case "Mild" -> "255604002";
            case "Moderate" -> "6736007";
            case "Severe" -> "24484000";
            case "Critical" -> "442452003";
            default -> null;
        };
    }

    /** SNOMED CT "Normal" (qualifier value): the conclusion of a study without findings. */
    public static final String NORMAL = "17621005";
}
