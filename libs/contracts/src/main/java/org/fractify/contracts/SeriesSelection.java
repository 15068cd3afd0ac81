package org.fractify.contracts;

/**
 * What series mode did with the DICOM files of one request (docs/decisions/0008-series-mode.md). The
 * slices are ordered along the slice normal (else by Instance Number); indexes are 0-based in that
 * order.
 *
 * @param seriesInstanceUid   the series analysed
 * @param slicesReceived      slices of that series in the request
 * @param selectedInstanceUid SOP Instance UID of the representative slice, the one in {@link ScanJob#image()}
 * @param selectedIndex       its index in the ordered series
 * @param rule                the selection rule applied, in words (e.g. "ct_brain: 5 candidates from the
 *                            middle third; representative = middle slice")
 */
public record SeriesSelection(String seriesInstanceUid, int slicesReceived, String selectedInstanceUid,
        int selectedIndex, String rule) {
}
