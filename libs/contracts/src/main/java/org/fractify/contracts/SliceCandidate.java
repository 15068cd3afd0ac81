package org.fractify.contracts;

/**
 * One more slice of a series that inference analyses besides {@link ScanJob#image()}; the slice whose
 * result is the most significant becomes the report's (docs/decisions/0008-series-mode.md).
 *
 * @param index        index of the slice in the ordered series (0-based)
 * @param instanceUid  its SOP Instance UID
 * @param image        its normalised pixels (same shape and preprocessing as {@link ScanJob#image()})
 */
public record SliceCandidate(int index, String instanceUid, NormalisedImage image) {

    public SliceCandidate withoutPixels() {
        return new SliceCandidate(index, instanceUid, image == null ? null : image.withoutPixels());
    }
}
