package org.fractify.contracts;

/**
 * The gateway's normalised image: 8-bit grayscale, square (letterboxed onto black), at most 512 px a
 * side, PNG-encoded and base64'd.
 *
 * @param width          pixels
 * @param height         pixels
 * @param pngBase64      the PNG bytes, base64; null once pixels have been dropped
 * @param sourceFormat   what the client sent: png, jpeg or dicom
 * @param sourceWidth    width of the image as sent
 * @param sourceHeight   height of the image as sent
 * @param dicom          the kept DICOM header facts when {@code sourceFormat} is dicom; null otherwise
 *                       (added in 0.2.0; absent in older jobs)
 */
public record NormalisedImage(int width, int height, String pngBase64, String sourceFormat, int sourceWidth,
        int sourceHeight, DicomMetadata dicom) {

    /** An image that did not come from DICOM (the shape of 0.1.0 jobs). */
    public NormalisedImage(int width, int height, String pngBase64, String sourceFormat, int sourceWidth,
            int sourceHeight) {
        this(width, height, pngBase64, sourceFormat, sourceWidth, sourceHeight, null);
    }

    public NormalisedImage withoutPixels() {
        return new NormalisedImage(width, height, null, sourceFormat, sourceWidth, sourceHeight, dicom);
    }
}
