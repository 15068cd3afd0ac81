package org.fractify.dicom;

/**
 * Image Pixel module attributes (PS3.3 C.7.6.3) and the presentation attributes a consumer needs next to the
 * stored values: rescale (PS3.3 C.11.1), window and VOI LUT (C.11.2), Modality LUT and palette.
 *
 * @param rows                    Rows (0028,0010)
 * @param columns                 Columns (0028,0011)
 * @param samplesPerPixel         Samples per Pixel (0028,0002)
 * @param bitsAllocated           Bits Allocated (0028,0100)
 * @param bitsStored              Bits Stored (0028,0101)
 * @param highBit                 High Bit (0028,0102)
 * @param pixelRepresentation     Pixel Representation (0028,0103): 0 unsigned, 1 two's complement
 * @param photometricInterpretation Photometric Interpretation (0028,0004) as encoded
 * @param planarConfiguration     Planar Configuration (0028,0006), 0 when absent
 * @param numberOfFrames          Number of Frames (0028,0008), 1 when absent
 * @param rescaleSlope            Rescale Slope (0028,1053), 1 when absent
 * @param rescaleIntercept        Rescale Intercept (0028,1052), 0 when absent
 * @param rescaleType             Rescale Type (0028,1054) or null
 * @param windowCenters           Window Center (0028,1050) values
 * @param windowWidths            Window Width (0028,1051) values
 * @param voiLutFunction          VOI LUT Function (0028,1056) or null
 * @param modalityLut             first item of the Modality LUT Sequence (0028,3000) or null
 * @param voiLut                  first item of the VOI LUT Sequence (0028,3010) or null
 * @param palette                 palette for PALETTE COLOR images or null
 * @param sampleType              INT, or FLOAT32/FLOAT64 for Float/Double Float Pixel Data
 */
public record ImageDescriptor(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
        int highBit, int pixelRepresentation, String photometricInterpretation, int planarConfiguration,
        int numberOfFrames, double rescaleSlope, double rescaleIntercept, String rescaleType, double[] windowCenters,
        double[] windowWidths, String voiLutFunction, LookupTable modalityLut, LookupTable voiLut,
        PaletteColorLut palette, Frame.SampleType sampleType) {

    public ImageDescriptor {
        windowCenters = windowCenters.clone();
        windowWidths = windowWidths.clone();
    }

    @Override
    public double[] windowCenters() {
        return windowCenters.clone();
    }

    @Override
    public double[] windowWidths() {
        return windowWidths.clone();
    }

    /** Pixel Representation 1: stored values are two's complement. */
    public boolean signed() {
        return pixelRepresentation == 1;
    }

    /** Samples in one decoded frame: rows x columns x samples per pixel. */
    public long frameSampleCount() {
        return (long) rows * columns * samplesPerPixel;
    }

    /** Rescaled (modality) value of a stored value: stored x slope + intercept (PS3.3 C.11.1.1.2). */
    public double rescale(double stored) {
        return stored * rescaleSlope + rescaleIntercept;
    }
}
