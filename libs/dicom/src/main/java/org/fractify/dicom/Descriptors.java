package org.fractify.dicom;

import java.util.List;

import org.fractify.dicom.DicomException.Reason;

/** Reads and validates the Image Pixel module (PS3.3 C.7.6.3) and the LUTs of a data set. */
final class Descriptors {

    private Descriptors() {
    }

    static ImageDescriptor parse(DicomObject obj, Element pixel, Frame.SampleType type) {
        long at = pixel.headerOffset + obj.base();
        int rows = required(obj, Tag.Rows, at);
        int columns = required(obj, Tag.Columns, at);
        int samples = required(obj, Tag.SamplesPerPixel, at);
        int bitsAllocated = required(obj, Tag.BitsAllocated, at);
        String photometric = obj.getString(Tag.PhotometricInterpretation);
        if (photometric == null) {
            throw image(obj, Tag.PhotometricInterpretation, at, "Photometric Interpretation is missing");
        }
        int bitsStored;
        int highBit;
        int pixelRepresentation;
        if (type == Frame.SampleType.INT) {
            bitsStored = required(obj, Tag.BitsStored, at);
            highBit = obj.getInt(Tag.HighBit, bitsStored - 1);
            pixelRepresentation = required(obj, Tag.PixelRepresentation, at);
        } else {
            // Float Pixel Data (PS3.3 C.7.6.24) has no Bits Stored, High Bit or Pixel Representation.
            bitsStored = bitsAllocated;
            highBit = bitsAllocated - 1;
            pixelRepresentation = 1;
        }
        int planar = obj.getInt(Tag.PlanarConfiguration, 0); // meaningful only for samples > 1
        int frames = obj.getInt(Tag.NumberOfFrames, 1);

        if (rows <= 0 || rows > 0xFFFF || columns <= 0 || columns > 0xFFFF) {
            throw image(obj, rows <= 0 || rows > 0xFFFF ? Tag.Rows : Tag.Columns, at,
                    "invalid image size " + rows + "x" + columns);
        }
        if (samples != 1 && samples != 3) {
            throw image(obj, Tag.SamplesPerPixel, at, "Samples per Pixel " + samples + " (1 or 3 supported)");
        }
        if (frames < 1) {
            throw image(obj, Tag.NumberOfFrames, at, "Number of Frames " + frames);
        }
        if (type == Frame.SampleType.FLOAT32 && bitsAllocated != 32
                || type == Frame.SampleType.FLOAT64 && bitsAllocated != 64) {
            throw image(obj, Tag.BitsAllocated, at, "Bits Allocated " + bitsAllocated + " for float pixel data");
        }
        if (type == Frame.SampleType.INT && bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16
                && bitsAllocated != 32) {
            throw image(obj, Tag.BitsAllocated, at, "Bits Allocated " + bitsAllocated + " (1, 8, 16 or 32 supported)");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw image(obj, Tag.BitsStored, at, "Bits Stored " + bitsStored + " with Bits Allocated "
                    + bitsAllocated);
        }
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
            throw image(obj, Tag.HighBit, at, "High Bit " + highBit + " with Bits Stored " + bitsStored
                    + " and Bits Allocated " + bitsAllocated);
        }
        if (pixelRepresentation != 0 && pixelRepresentation != 1) {
            throw image(obj, Tag.PixelRepresentation, at, "Pixel Representation " + pixelRepresentation);
        }
        if (samples > 1 && planar != 0 && planar != 1) {
            throw image(obj, Tag.PlanarConfiguration, at, "Planar Configuration " + planar);
        }
        checkPhotometric(obj, photometric, samples, at);
        if (photometric.equals("YBR_FULL_422") && pixel.fragments == null && (columns & 1) != 0) {
            throw image(obj, Tag.Columns, at, "YBR_FULL_422 needs an even number of columns");
        }
        if (bitsAllocated == 1 && pixel.fragments != null) {
            throw image(obj, Tag.BitsAllocated, at, "Bits Allocated 1 cannot be encapsulated");
        }

        double slope = obj.getDouble(Tag.RescaleSlope, 1.0);
        double intercept = obj.getDouble(Tag.RescaleIntercept, 0.0);
        String rescaleType = obj.getString(Tag.RescaleType);
        double[] centers = obj.getDoubles(Tag.WindowCenter);
        double[] widths = obj.getDoubles(Tag.WindowWidth);
        String voiFunction = obj.getString(Tag.VOILUTFunction);
        boolean signed = pixelRepresentation == 1;
        LookupTable modalityLut = firstLut(obj, Tag.ModalityLUTSequence, signed);
        LookupTable voiLut = firstLut(obj, Tag.VOILUTSequence, signed);
        PaletteColorLut palette = photometric.equals("PALETTE COLOR") ? palette(obj, signed, at) : null;
        return new ImageDescriptor(rows, columns, samples, bitsAllocated, bitsStored, highBit, pixelRepresentation,
                photometric, planar, frames, slope, intercept, rescaleType, centers, widths, voiFunction, modalityLut,
                voiLut, palette, type);
    }

    private static void checkPhotometric(DicomObject obj, String p, int samples, long at) {
        int expected;
        switch (p) {
            case "MONOCHROME1": case "MONOCHROME2": case "PALETTE COLOR":
                expected = 1;
                break;
            case "RGB": case "YBR_FULL": case "YBR_FULL_422": case "YBR_PARTIAL_422": case "YBR_PARTIAL_420":
            case "YBR_ICT": case "YBR_RCT": case "HSV":
                expected = 3;
                break;
            default:
                throw image(obj, Tag.PhotometricInterpretation, at, "unsupported Photometric Interpretation '" + p
                        + "'");
        }
        if (samples != expected) {
            throw image(obj, Tag.SamplesPerPixel, at, "Photometric Interpretation " + p + " needs " + expected
                    + " samples per pixel, found " + samples);
        }
    }

    private static int required(DicomObject obj, int tag, long at) {
        int[] v = obj.getInts(tag);
        if (v.length == 0) {
            throw image(obj, tag, at, Tag.keyword(tag) + " is missing");
        }
        return v[0];
    }

    private static DicomException image(DicomObject obj, int tag, long pixelOffset, String detail) {
        long off = obj.offsetOf(tag);
        return new DicomException(Reason.INVALID_IMAGE, tag, off >= 0 ? off : pixelOffset, detail);
    }

    private static LookupTable firstLut(DicomObject obj, int sequenceTag, boolean signed) {
        List<DicomObject> items = obj.getSequence(sequenceTag);
        if (items.isEmpty()) {
            return null;
        }
        DicomObject item = items.get(0);
        // PS3.3 C.11.1.1.1 / C.11.2.1.1: LUT Descriptor (0028,3002) and LUT Data (0028,3006).
        return lut(item, Tag.LUTDescriptor, Tag.LUTData, 0, signed, item.getString(Tag.LUTExplanation));
    }

    private static PaletteColorLut palette(DicomObject obj, boolean signed, long at) {
        LookupTable r = lut(obj, Tag.RedPaletteColorLookupTableDescriptor, Tag.RedPaletteColorLookupTableData,
                Tag.SegmentedRedPaletteColorLookupTableData, signed, null);
        LookupTable g = lut(obj, Tag.GreenPaletteColorLookupTableDescriptor, Tag.GreenPaletteColorLookupTableData,
                Tag.SegmentedGreenPaletteColorLookupTableData, signed, null);
        LookupTable b = lut(obj, Tag.BluePaletteColorLookupTableDescriptor, Tag.BluePaletteColorLookupTableData,
                Tag.SegmentedBluePaletteColorLookupTableData, signed, null);
        if (r == null || g == null || b == null) {
            throw image(obj, Tag.RedPaletteColorLookupTableDescriptor, at,
                    "PALETTE COLOR image without complete Palette Color Lookup Tables");
        }
        return new PaletteColorLut(r, g, b);
    }

    /**
     * Reads one LUT. The descriptor (PS3.3 C.7.6.3.1.5) holds the number of entries (0 means 65536), the first
     * mapped value (signed when Pixel Representation is 1) and the bits per entry.
     */
    static LookupTable lut(DicomObject obj, int descriptorTag, int dataTag, int segmentedTag, boolean signed,
            String explanation) {
        Element desc = obj.element(descriptorTag);
        if (desc == null) {
            return null;
        }
        if (desc.items != null || desc.length != 6) {
            throw lutError(obj, desc, "LUT Descriptor must hold 3 16-bit values");
        }
        int[] dv = obj.unsigned16(desc);
        int entries = dv[0] == 0 ? 65536 : dv[0];
        int first = signed ? (short) dv[1] : dv[1];
        int bits = dv[2];
        if (bits < 1 || bits > 16) {
            throw lutError(obj, desc, "LUT bits per entry " + bits);
        }
        Element data = obj.element(dataTag);
        int[] values;
        if (data != null && data.items == null && data.length > 0) {
            values = lutData(obj, data, entries, bits);
        } else if (segmentedTag != 0 && obj.element(segmentedTag) != null) {
            Element seg = obj.element(segmentedTag);
            if (seg.items != null) {
                throw lutError(obj, seg, "segmented LUT data is a sequence");
            }
            values = expandSegmented(obj, seg, entries);
        } else {
            throw lutError(obj, desc, "LUT Descriptor without LUT Data");
        }
        return new LookupTable(first, bits, values, explanation);
    }

    private static int[] lutData(DicomObject obj, Element data, int entries, int bits) {
        if (data.length == 2L * entries) {
            int[] words = obj.unsigned16(data);
            if (bits <= 8) {
                boolean high = false;
                for (int w : words) {
                    high |= w > 0xFF;
                }
                if (high) {
                    // 8-bit entries left-aligned in 16-bit words.
                    for (int i = 0; i < words.length; i++) {
                        words[i] >>>= 8;
                    }
                }
            }
            return words;
        }
        if (bits <= 8 && (data.length == entries || data.length == entries + 1)) {
            // Two 8-bit entries packed per 16-bit word, first entry in the low byte.
            int[] out = new int[entries];
            byte[] b = obj.buffer();
            for (int i = 0; i < entries; i++) {
                int word = i / 2;
                int lo;
                int hi;
                if (2 * word + 1 < data.length) {
                    int w = obj.u16(data.valueOffset + 2 * word);
                    lo = w & 0xFF;
                    hi = w >>> 8;
                } else {
                    lo = b[data.valueOffset + 2 * word] & 0xFF;
                    hi = 0;
                }
                out[i] = (i & 1) == 0 ? lo : hi;
            }
            return out;
        }
        throw lutError(obj, data, "LUT Data of " + data.length + " bytes does not hold " + entries + " entries");
    }

    /**
     * Expands Segmented Palette Color LUT Data (PS3.3 C.7.9.2): discrete (opcode 0), linear (1) and indirect (2)
     * segments, bounded by the number of entries of the descriptor.
     */
    static int[] expandSegmented(DicomObject obj, Element seg, int entries) {
        int[] words = obj.unsigned16(seg);
        int[] out = new int[entries];
        int[] count = {0};
        expand(obj, seg, words, 0, words.length, Integer.MAX_VALUE, out, count, false);
        if (count[0] == 0) {
            throw lutError(obj, seg, "segmented LUT data is empty");
        }
        for (int i = count[0]; i < entries; i++) {
            out[i] = out[count[0] - 1];
        }
        return out;
    }

    private static void expand(DicomObject obj, Element seg, int[] w, int start, int end, int maxSegments, int[] out,
            int[] count, boolean nested) {
        int i = start;
        int segments = 0;
        while (i < end && segments < maxSegments && count[0] < out.length) {
            if (i + 1 >= end) {
                throw lutError(obj, seg, "segment header truncated at word " + i);
            }
            int op = w[i];
            int len = w[i + 1];
            switch (op) {
                case 0:
                    if (i + 2 + (long) len > end) {
                        throw lutError(obj, seg, "discrete segment runs past the data");
                    }
                    for (int k = 0; k < len && count[0] < out.length; k++) {
                        out[count[0]++] = w[i + 2 + k];
                    }
                    i += 2 + len;
                    break;
                case 1: {
                    if (i + 2 >= end || count[0] == 0) {
                        throw lutError(obj, seg, "linear segment without start value or end value");
                    }
                    int y0 = out[count[0] - 1];
                    int y1 = w[i + 2];
                    for (int k = 1; k <= len && count[0] < out.length; k++) {
                        out[count[0]++] = (int) Math.round(y0 + (y1 - y0) * (double) k / len);
                    }
                    i += 3;
                    break;
                }
                case 2: {
                    if (nested || i + 3 >= end) {
                        throw lutError(obj, seg, "invalid indirect segment");
                    }
                    long byteOffset = (w[i + 2] & 0xFFFFL) | (long) (w[i + 3] & 0xFFFF) << 16;
                    if (byteOffset % 2 != 0 || byteOffset / 2 >= w.length) {
                        throw lutError(obj, seg, "indirect segment offset " + byteOffset + " out of range");
                    }
                    expand(obj, seg, w, (int) (byteOffset / 2), w.length, len, out, count, true);
                    i += 4;
                    break;
                }
                default:
                    throw lutError(obj, seg, "unknown segment type " + op);
            }
            segments++;
        }
    }

    private static DicomException lutError(DicomObject obj, Element e, String detail) {
        return new DicomException(Reason.INVALID_IMAGE, e.tag, e.headerOffset + obj.base(), detail);
    }
}
