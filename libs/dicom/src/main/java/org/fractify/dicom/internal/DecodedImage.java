package org.fractify.dicom.internal;

/**
 * Output of a codec: pixel-interleaved samples, and whether the codec converted YCbCr to RGB.
 * Internal API, not for use outside this library.
 */
public record DecodedImage(int width, int height, int bands, int[] samples, boolean colorConverted) {
}
