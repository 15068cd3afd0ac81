package org.fractify.contracts;

/**
 * What the gateway keeps of a DICOM file's header: identifiers that let report-service and
 * fhir-service reference the study, series and instance, and the acquisition facts a reader needs.
 * Everything else (patient name, birth date, sex, institution, physicians, free text) is dropped at
 * the gateway and never travels; see docs/decisions/0009-dicom-metadata-kept.md.
 *
 * @param studyInstanceUid   Study Instance UID (0020,000D)
 * @param seriesInstanceUid  Series Instance UID (0020,000E)
 * @param sopInstanceUid     SOP Instance UID (0008,0018)
 * @param modality           Modality (0008,0060), e.g. CT, CR, MR; null when absent
 * @param bodyPartExamined   Body Part Examined (0018,0015); null when absent
 * @param viewPosition       View Position (0018,5101), e.g. PA, AP, LL; null when absent
 * @param seriesNumber       Series Number (0020,0011); null when absent
 * @param instanceNumber     Instance Number (0020,0013); null when absent
 * @param acquisitionDate    Acquisition Date (0008,0022), else the date of Acquisition DateTime, as ISO
 *                           yyyy-MM-dd; null when absent or not a date
 * @param transferSyntaxUid  the transfer syntax the pixels were encoded in
 * @param frame              0-based frame the normalised image was taken from
 * @param frames             Number of Frames of the file (1 for single-frame images)
 * @param window             id of the grayscale transform applied (docs/preprocessing.md), e.g.
 *                           {@code ct-brain} or {@code file-window}
 */
public record DicomMetadata(
        String studyInstanceUid,
        String seriesInstanceUid,
        String sopInstanceUid,
        String modality,
        String bodyPartExamined,
        String viewPosition,
        Integer seriesNumber,
        Integer instanceNumber,
        String acquisitionDate,
        String transferSyntaxUid,
        int frame,
        int frames,
        String window) {
}
