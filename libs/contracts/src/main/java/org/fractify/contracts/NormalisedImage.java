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
 */
public record NormalisedImage(int width, int height, String pngBase64, String sourceFormat, int sourceWidth,
        int sourceHeight) {

    public NormalisedImage withoutPixels() {
        return new NormalisedImage(width, height, null, sourceFormat, sourceWidth, sourceHeight);
    }
}
