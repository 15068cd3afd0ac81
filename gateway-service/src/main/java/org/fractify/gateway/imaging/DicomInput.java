package org.fractify.gateway.imaging;

import java.util.Locale;
import java.util.Optional;
import org.fractify.contracts.DicomMetadata;
import org.fractify.contracts.Modality;
import org.fractify.dicom.DicomException;
import org.fractify.dicom.DicomObject;
import org.fractify.dicom.DicomReader;
import org.fractify.dicom.Frame;
import org.fractify.dicom.ImageDescriptor;
import org.fractify.dicom.PixelData;
import org.fractify.dicom.ReadOptions;
import org.fractify.dicom.Tag;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * One DICOM file of a request: parsed and checked against the gateway's limits, nothing decoded yet.
 * Every failure becomes a problem that names the file ({@code label}) and what is wrong with it, never a
 * value of the patient module.
 */
final class DicomInput {

    /** The gateway's limits as they apply to one DICOM file. */
    record Limits(long maxBytes, long maxPixels, int maxFrames, int minSide) {
        ReadOptions readOptions() {
            // Frames hold up to 4 samples per pixel (ARGB/CMYK are retired but parse); the pixel limit itself is
            // checked from Rows and Columns before this backstop is reached.
            return ReadOptions.defaults().withMaxBytes(maxBytes).withMaxValueLength(maxBytes)
                    .withMaxFrameSamples(Math.max(1, maxPixels) * 4);
        }
    }

    /** A rendered frame and the id of the window that rendered it (docs/preprocessing.md). */
    record Rendered(Gray8Image image, String window) {
    }

    final String label;
    final DicomObject object;
    final int rows;
    final int columns;
    final int frames;
    final String modality;
    final String bodyPart;
    final String seriesInstanceUid;
    final String sopInstanceUid;
    final Integer instanceNumber;
    /** Image Position (Patient), 3 values, or null. */
    final double[] position;
    /** Image Orientation (Patient), 6 values, or null. */
    final double[] orientation;

    private DicomInput(String label, DicomObject object, Limits limits) {
        this.label = label;
        this.object = object;
        this.rows = object.getInt(Tag.Rows, 0);
        this.columns = object.getInt(Tag.Columns, 0);
        this.frames = object.getInt(Tag.NumberOfFrames, 1);
        this.modality = text(Tag.Modality);
        this.bodyPart = text(Tag.BodyPartExamined);
        this.seriesInstanceUid = text(Tag.SeriesInstanceUID);
        this.sopInstanceUid = text(Tag.SOPInstanceUID);
        this.instanceNumber = integer(Tag.InstanceNumber);
        this.position = vector(Tag.ImagePositionPatient, 3);
        this.orientation = vector(Tag.ImageOrientationPatient, 6);
        if (!object.hasPixelData()) {
            throw new ProblemException(ProblemType.DICOM_MALFORMED, subject() + " has no Pixel Data (7FE0,0010): "
                    + "it is not an image" + (modality == null ? "" : " (Modality " + printable(modality) + ")"));
        }
        if ((long) rows * columns > limits.maxPixels()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, subject() + " declares " + columns + " x " + rows
                    + " pixels; at most " + limits.maxPixels() + " are accepted");
        }
        if (frames > limits.maxFrames()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, subject() + " declares " + frames
                    + " frames; at most " + limits.maxFrames() + " are accepted");
        }
        if (rows > 0 && columns > 0 && Math.min(rows, columns) < limits.minSide()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_SMALL, subject() + " is " + columns + " x " + rows
                    + " pixels; the smallest accepted side is " + limits.minSide());
        }
    }

    /**
     * Parses one file. The whole data set is read (lengths checked against the input, nesting bounded);
     * pixels are decoded later, only for the frames that are used.
     */
    static DicomInput parse(byte[] bytes, String label, Limits limits) {
        try {
            return new DicomInput(label, DicomReader.read(bytes, limits.readOptions()), limits);
        } catch (DicomException e) {
            throw problem(e, label);
        }
    }

    /** The frame a single file contributes: the middle one (docs/decisions/0007-dicom-multi-frame-rule.md). */
    int representativeFrame() {
        return (Math.max(frames, 1) - 1) / 2;
    }

    /** Whether the file's Modality contradicts the requested one (422 modality-mismatch). */
    void checkModality(Modality requested) {
        Optional<String> why = ModalityCheck.contradiction(requested, modality, bodyPart);
        if (why.isPresent()) {
            throw new ProblemException(ProblemType.MODALITY_MISMATCH,
                    (label == null ? "" : label + ": ") + why.get());
        }
    }

    /**
     * Decodes one frame and brings it to 8-bit gray: colour as luma, monochrome through the modality and
     * VOI transforms with the window {@link DicomWindows} prescribes for the requested model.
     */
    Rendered render(int frame, Modality requested) {
        try {
            PixelData pixels = object.pixelData();
            ImageDescriptor d = pixels.descriptor();
            Frame f = pixels.decodeFrame(frame);
            String photometric = f.photometricInterpretation().toUpperCase(Locale.ROOT);
            int w = f.columns();
            int h = f.rows();
            if (photometric.equals("PALETTE COLOR") && d.palette() != null) {
                f = d.palette().apply(f);
                photometric = "RGB";
            }
            if (f.samplesPerPixel() == 3) {
                int[] samples = f.toIntArray();
                int bits = f.bitsStored();
                if (bits > 16) {
                    // 32-bit colour keeps its bit pattern in an int: keep the top 16 bits, unsigned
                    for (int i = 0; i < samples.length; i++) {
                        samples[i] = samples[i] >>> (bits - 16);
                    }
                    bits = 16;
                }
                int max = (1 << bits) - 1;
                if (photometric.startsWith("YBR_PARTIAL")) {
                    return new Rendered(Grayscale.lumaOfYcbcr(w, h, samples, max, true), DicomWindows.LUMA);
                }
                if (photometric.startsWith("YBR")) {
                    return new Rendered(Grayscale.lumaOfYcbcr(w, h, samples, max, false), DicomWindows.LUMA);
                }
                return new Rendered(Grayscale.luma(w, h, samples, max), DicomWindows.LUMA);
            }
            if (f.samplesPerPixel() != 1) {
                throw new ProblemException(ProblemType.DICOM_MALFORMED, subject() + " has " + f.samplesPerPixel()
                        + " samples per pixel (" + printable(photometric) + "); 1 or 3 are supported");
            }
            boolean invert = photometric.equals("MONOCHROME1");
            boolean rescaled = d.modalityLut() != null || d.rescaleSlope() != 1 || d.rescaleIntercept() != 0;
            Grayscale.Rescale rescale = new Grayscale.Rescale(d.rescaleSlope(), d.rescaleIntercept(), d.modalityLut());
            String window;
            Grayscale.Voi voi;
            Optional<DicomWindows.CtWindow> ct = DicomWindows.fedTo(requested);
            double[] centers = d.windowCenters();
            double[] widths = d.windowWidths();
            if (ct.isPresent() && "CT".equalsIgnoreCase(modality)) {
                voi = ct.get().voi();
                window = ct.get().id();
            } else if (d.voiLut() != null) {
                voi = new Grayscale.Lut(d.voiLut());
                window = DicomWindows.FILE_VOI_LUT;
            } else if (centers.length > 0 && widths.length > 0 && widths[0] > 0 && Double.isFinite(centers[0])) {
                voi = new Grayscale.Window(centers[0], widths[0], function(d.voiLutFunction()));
                window = DicomWindows.FILE_WINDOW;
            } else if (f.sampleType() == Frame.SampleType.INT && f.bitsStored() <= 8 && !rescaled) {
                double low = f.signed() ? -(1 << (f.bitsStored() - 1)) : 0;
                double high = f.signed() ? (1 << (f.bitsStored() - 1)) - 1 : (1 << f.bitsStored()) - 1;
                voi = new Grayscale.Range(low, high);
                window = DicomWindows.FULL_RANGE;
            } else {
                voi = new Grayscale.MinMax();
                window = DicomWindows.MIN_MAX;
            }
            // 32-bit unsigned stored values do not fit an int's sign: they take the real-valued path
            boolean integral = f.sampleType() == Frame.SampleType.INT && (f.signed() || f.bitsStored() < 32);
            Gray8Image gray = integral
                    ? Grayscale.monochrome(w, h, f.toIntArray(), rescale, voi, invert)
                    : Grayscale.monochrome(w, h, f.toDoubleArray(),
                            new Grayscale.Rescale(d.rescaleSlope(), d.rescaleIntercept(), null),
                            voi instanceof Grayscale.Lut ? new Grayscale.MinMax() : voi, invert);
            return new Rendered(gray, window);
        } catch (DicomException e) {
            throw problem(e, label);
        }
    }

    /** The header facts that travel (docs/decisions/0009-dicom-metadata-kept.md); nothing of the patient. */
    DicomMetadata metadata(int frame, String window) {
        Integer seriesNumber = integer(Tag.SeriesNumber);
        return new DicomMetadata(text(Tag.StudyInstanceUID), seriesInstanceUid, sopInstanceUid, modality, bodyPart,
                text(Tag.ViewPosition), seriesNumber, instanceNumber, acquisitionDate(), object.transferSyntaxUid(),
                frame, Math.max(frames, 1), window);
    }

    /** "The DICOM file" or "images_base64[2]": how problems name this file. */
    String subject() {
        return label == null ? "The DICOM file" : label;
    }

    /** A DicomException as the problem the API answers with (415 unsupported, 413 limits, else 422). */
    static ProblemException problem(DicomException e, String label) {
        String subject = label == null ? "The DICOM file" : label;
        if (e.reason().unsupported()) {
            return new ProblemException(ProblemType.UNSUPPORTED_TRANSFER_SYNTAX, subject + " cannot be decoded: "
                    + e.getMessage() + ". Supported: native, deflated, RLE, JPEG (baseline, extended, lossless), "
                    + "JPEG-LS and JPEG 2000");
        }
        // a malformed value of the patient module (0010,xxxx) must not be echoed: it may be patient data
        String message = (e.tag() >>> 16) == 0x0010 ? org.fractify.dicom.Tag.toString(e.tag()) + ": "
                + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') : e.getMessage();
        if (e.reason() == DicomException.Reason.SIZE_LIMIT_EXCEEDED) {
            return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, subject + " exceeds a size limit: " + message);
        }
        return new ProblemException(ProblemType.DICOM_MALFORMED, subject + " is malformed ("
                + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "): " + message);
    }

    private static Grayscale.WindowFunction function(String name) {
        if (name == null) {
            return Grayscale.WindowFunction.LINEAR;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "LINEAR_EXACT" -> Grayscale.WindowFunction.LINEAR_EXACT;
            case "SIGMOID" -> Grayscale.WindowFunction.SIGMOID;
            default -> Grayscale.WindowFunction.LINEAR;
        };
    }

    /** Acquisition Date, else the date of Acquisition DateTime, as yyyy-MM-dd (old yyyy.MM.dd accepted). */
    private String acquisitionDate() {
        String date = text(Tag.AcquisitionDate);
        if (date == null) {
            String dt = text(Tag.AcquisitionDateTime);
            date = dt == null || dt.length() < 8 ? null : dt.substring(0, 8);
        }
        if (date == null) {
            return null;
        }
        String digits = date.replace(".", "");
        if (!digits.matches("\\d{8}")) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(digits, java.time.format.DateTimeFormatter.BASIC_ISO_DATE).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** A string value, or null when absent or unreadable: metadata is best effort, pixels are not. */
    private String text(int tag) {
        try {
            String s = object.getString(tag);
            return s == null || s.isBlank() ? null : s.trim();
        } catch (DicomException e) {
            return null;
        }
    }

    private Integer integer(int tag) {
        try {
            var v = object.getInt(tag);
            return v.isPresent() ? v.getAsInt() : null;
        } catch (DicomException e) {
            return null;
        }
    }

    private double[] vector(int tag, int size) {
        try {
            double[] v = object.getDoubles(tag);
            if (v.length != size) {
                return null;
            }
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    return null;
                }
            }
            return v;
        } catch (DicomException e) {
            return null;
        }
    }

    static String printable(String value) {
        String s = value.replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }
}
