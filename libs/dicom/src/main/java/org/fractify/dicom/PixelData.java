package org.fractify.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fractify.dicom.DicomException.Reason;
import org.fractify.dicom.internal.CodecException;
import org.fractify.dicom.internal.DecodedImage;
import org.fractify.dicom.internal.J2kDecoder;
import org.fractify.dicom.internal.JpegDecoder;
import org.fractify.dicom.internal.JpegLsDecoder;
import org.fractify.dicom.internal.RleDecoder;

/**
 * The Pixel Data of a {@link DicomObject} with its validated {@link ImageDescriptor}. Frames are decoded on
 * demand by {@link #decodeFrame(int)}; nothing is decoded up front. Immutable and thread-safe.
 */
public final class PixelData {

    private final DicomObject object;
    private final Element element;
    private final ImageDescriptor descriptor;
    private final TransferSyntax transferSyntax;
    /** For encapsulated data: per frame, the first and one-past-last fragment index. */
    private final int[] frameFirstFragment;
    private final int[] frameEndFragment;
    private final long frameSamples;

    private PixelData(DicomObject object, Element element, ImageDescriptor descriptor, TransferSyntax ts,
            int[] first, int[] end) {
        this.object = object;
        this.element = element;
        this.descriptor = descriptor;
        this.transferSyntax = ts;
        this.frameFirstFragment = first;
        this.frameEndFragment = end;
        this.frameSamples = descriptor.frameSampleCount();
    }

    static PixelData of(DicomObject obj) {
        Element e = obj.element(Tag.PixelData);
        Frame.SampleType type = Frame.SampleType.INT;
        if (e == null) {
            e = obj.element(Tag.FloatPixelData);
            type = Frame.SampleType.FLOAT32;
        }
        if (e == null) {
            e = obj.element(Tag.DoubleFloatPixelData);
            type = Frame.SampleType.FLOAT64;
        }
        if (e == null) {
            throw new DicomException(Reason.NO_PIXEL_DATA, Tag.PixelData, DicomException.NO_OFFSET,
                    "no Pixel Data in this data set");
        }
        ImageDescriptor d = Descriptors.parse(obj, e, type);
        TransferSyntax ts = obj.transferSyntax() == null ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                : obj.transferSyntax();
        long offset = e.headerOffset + obj.base();
        long samples = d.frameSampleCount();
        ReadOptions opts = obj.readOptions() == null ? ReadOptions.defaults() : obj.readOptions();
        if (samples > opts.maxFrameSamples()) {
            throw new DicomException(Reason.SIZE_LIMIT_EXCEEDED, e.tag, offset, "frame of " + d.rows() + "x"
                    + d.columns() + "x" + d.samplesPerPixel() + " samples exceeds the limit of "
                    + opts.maxFrameSamples());
        }
        if (e.fragments != null) {
            if (!ts.encapsulated()) {
                throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, offset,
                        "encapsulated (undefined length) Pixel Data in native transfer syntax " + ts.uid());
            }
            if (type != Frame.SampleType.INT) {
                throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, offset,
                        "Float Pixel Data cannot be encapsulated");
            }
            int[][] map = FrameMapper.map(obj, e, d.numberOfFrames(), ts);
            return new PixelData(obj, e, d, ts, map[0], map[1]);
        }
        if (ts.encapsulated() && obj.isRoot() && type == Frame.SampleType.INT) {
            throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, offset, "transfer syntax " + ts.uid()
                    + " requires encapsulated Pixel Data (undefined length, PS3.5 section A.4), found length "
                    + e.length);
        }
        long needed = NativeDecoder.bytesNeeded(d);
        if (e.length < needed) {
            throw new DicomException(Reason.INVALID_IMAGE, e.tag, offset, "Pixel Data has " + e.length
                    + " bytes but " + d.numberOfFrames() + " frame(s) of " + d.rows() + "x" + d.columns() + "x"
                    + d.samplesPerPixel() + " at " + d.bitsAllocated() + " bits need " + needed);
        }
        return new PixelData(obj, e, d, ts.encapsulated() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : ts, null,
                null);
    }

    public ImageDescriptor descriptor() {
        return descriptor;
    }

    /** Transfer syntax the pixel data is encoded in. */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    public int frameCount() {
        return descriptor.numberOfFrames();
    }

    /** Whether the Pixel Data is encapsulated (compressed) rather than native. */
    public boolean encapsulated() {
        return element.fragments != null;
    }

    /** Number of fragments of encapsulated data (0 for native data). */
    public int fragmentCount() {
        return element.fragments == null ? 0 : element.fragments.count();
    }

    /**
     * The encoded bytes of one frame: the concatenated fragments of an encapsulated frame, or the native bytes
     * (for 1-bit data, the bytes spanning the frame, which may share bits with neighbouring frames).
     */
    public byte[] frameData(int frame) {
        checkFrame(frame);
        byte[] buf = object.buffer();
        if (element.fragments == null) {
            long[] range = NativeDecoder.frameByteRange(descriptor, frame);
            int from = element.valueOffset + (int) range[0];
            return Arrays.copyOfRange(buf, from, from + (int) range[1]);
        }
        Element.Fragments f = element.fragments;
        int total = 0;
        for (int i = frameFirstFragment[frame]; i < frameEndFragment[frame]; i++) {
            total += f.lengths[i];
        }
        byte[] out = new byte[total];
        int n = 0;
        for (int i = frameFirstFragment[frame]; i < frameEndFragment[frame]; i++) {
            System.arraycopy(buf, f.offsets[i], out, n, f.lengths[i]);
            n += f.lengths[i];
        }
        return out;
    }

    /**
     * Decodes one frame to STORED values (see {@link Frame}).
     *
     * @throws IndexOutOfBoundsException if {@code frame} is not in [0, frameCount())
     * @throws DicomException            CORRUPT_PIXEL_DATA, INVALID_IMAGE or UNSUPPORTED_TRANSFER_SYNTAX
     */
    public Frame decodeFrame(int frame) {
        checkFrame(frame);
        ImageDescriptor d = descriptor;
        if (element.fragments == null) {
            return NativeDecoder.decode(object, element, d, frame);
        }
        long at = element.fragments.offsets[frameFirstFragment[frame]] - 8 + object.base();
        try {
            return decodeEncapsulated(frame);
        } catch (CodecException e) {
            throw frameFailure(e.unsupported() ? Reason.UNSUPPORTED_TRANSFER_SYNTAX : Reason.CORRUPT_PIXEL_DATA,
                    e.getMessage(), frame, at, e);
        } catch (DicomException e) {
            if (e.tag() != DicomException.NO_TAG) {
                throw e;
            }
            throw frameFailure(e.reason(), e.detail(), frame, at, e);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // Decoder libraries may fail in any way on corrupt streams; report them all the same way.
            throw new DicomException(Reason.CORRUPT_PIXEL_DATA, element.tag, at, "frame " + frame
                    + ": decoder failed: " + e, e);
        }
    }

    /** A refusal to decode the frame, named and placed at the frame's first fragment. */
    private DicomException frameFailure(Reason reason, String detail, int frame, long at, RuntimeException cause) {
        if (reason == Reason.UNSUPPORTED_TRANSFER_SYNTAX && !detail.contains(transferSyntax.uid())) {
            // Unsupported features of a supported syntax still name the transfer syntax (HTTP 415 text).
            detail = "unsupported transfer syntax " + transferSyntax.uid() + " (" + transferSyntax.displayName()
                    + "): " + detail;
        }
        return new DicomException(reason, element.tag, at, "frame " + frame + ": " + detail, cause);
    }

    private Frame decodeEncapsulated(int frame) {
        ImageDescriptor d = descriptor;
        TransferSyntax ts = transferSyntax;
        switch (ts.codec()) {
            case ENCAPSULATED_NATIVE: {
                byte[] data = frameData(frame);
                return NativeDecoder.decodeBytes(data, d, 0, false, false);
            }
            case RLE: {
                byte[] data = frameData(frame);
                int[] values = RleDecoder.decode(data, d.rows(), d.columns(), d.samplesPerPixel(),
                        d.bitsAllocated());
                // PS3.5 section G.2: RLE segments are always colour-by-plane; the result is not colour-converted.
                String photometric = d.photometricInterpretation();
                return finish(values, photometric);
            }
            case JPEG: {
                DecodedImage img = JpegDecoder.decode(frameData(frame), ts.uid(), d.rows(), d.columns(),
                        d.samplesPerPixel(), d.bitsStored(), d.photometricInterpretation());
                return finish(img.samples(), img.colorConverted() ? "RGB" : d.photometricInterpretation());
            }
            case JPEG_2000: {
                DecodedImage img = J2kDecoder.decode(frameData(frame), d.rows(), d.columns(), d.samplesPerPixel(),
                        d.photometricInterpretation());
                return finish(img.samples(), img.colorConverted() ? "RGB" : d.photometricInterpretation());
            }
            case JPEG_LS: {
                int[] values = JpegLsDecoder.decode(frameData(frame), d.rows(), d.columns(), d.samplesPerPixel());
                return finish(values, d.photometricInterpretation());
            }
            default:
                throw DicomException.unsupportedTransferSyntax(ts.uid(), "no pixel decoder available");
        }
    }

    /** Masks decoded values to Bits Stored and sign-extends them when Pixel Representation is 1. */
    private Frame finish(int[] values, String photometric) {
        ImageDescriptor d = descriptor;
        if (values.length != frameSamples) {
            throw new DicomException(Reason.CORRUPT_PIXEL_DATA, DicomException.NO_TAG, DicomException.NO_OFFSET,
                    "decoder produced " + values.length + " samples, expected " + frameSamples);
        }
        NativeDecoder.maskAndExtend(values, d.bitsStored(), d.signed());
        return Frame.ofInts(d.rows(), d.columns(), d.samplesPerPixel(), photometric, d.bitsStored(), d.signed(),
                values);
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame >= descriptor.numberOfFrames()) {
            throw new IndexOutOfBoundsException("frame " + frame + " of " + descriptor.numberOfFrames());
        }
    }

    /** Maps frames to fragments (PS3.5 section A.4: Basic and Extended Offset Tables). */
    static final class FrameMapper {
        private FrameMapper() {
        }

        static int[][] map(DicomObject obj, Element e, int frames, TransferSyntax ts) {
            Element.Fragments f = e.fragments;
            long at = e.headerOffset + obj.base();
            int n = f.count();
            if (n == 0) {
                throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, at,
                        "encapsulated Pixel Data has no fragments");
            }
            byte[] buf = obj.buffer();
            long[] starts = null;
            Element eot = obj.element(Tag.ExtendedOffsetTable);
            if (eot != null && eot.length > 0 && eot.items == null) {
                // PS3.5 section A.4: the Extended Offset Table replaces an empty Basic Offset Table.
                if (eot.length != 8L * frames) {
                    throw new DicomException(Reason.INVALID_ENCAPSULATION, eot.tag, eot.headerOffset + obj.base(),
                            "Extended Offset Table has " + eot.length / 8 + " entries for " + frames + " frames");
                }
                starts = new long[frames];
                for (int i = 0; i < frames; i++) {
                    starts[i] = obj.i64(eot.valueOffset + 8 * i);
                }
            } else if (f.botLength > 0) {
                // PS3.5 section A.4: Basic Offset Table: one 32-bit little endian offset per frame, relative to
                // the first byte of the first fragment's Item tag.
                if (f.botLength != 4L * frames) {
                    throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, f.botOffset - 8 + obj.base(),
                            "Basic Offset Table has " + f.botLength / 4 + " entries for " + frames + " frames");
                }
                starts = new long[frames];
                for (int i = 0; i < frames; i++) {
                    starts[i] = DataSetParser.u32le(buf, f.botOffset + 4 * i) & 0xFFFFFFFFL;
                }
            }
            int[] first = new int[frames];
            int[] end = new int[frames];
            if (starts != null) {
                int previous = -1;
                for (int i = 0; i < frames; i++) {
                    int idx = Arrays.binarySearch(f.itemPositions, starts[i]);
                    if (idx < 0 || idx <= previous) {
                        throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, at, "offset table entry "
                                + i + " (" + starts[i] + ") does not point at a fragment, or is not ascending");
                    }
                    first[i] = idx;
                    if (i > 0) {
                        end[i - 1] = idx;
                    }
                    previous = idx;
                }
                end[frames - 1] = n;
                if (first[0] != 0) {
                    throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, at,
                            "offset table does not start at the first fragment");
                }
                return new int[][] {first, end};
            }
            if (frames == 1) {
                end[0] = n;
                return new int[][] {first, end};
            }
            if (n == frames) {
                for (int i = 0; i < frames; i++) {
                    first[i] = i;
                    end[i] = i + 1;
                }
                return new int[][] {first, end};
            }
            if (n < frames) {
                throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, at, n + " fragments for " + frames
                        + " frames (a fragment holds data of one frame only, PS3.5 section A.4)");
            }
            // No offset table and more fragments than frames: a frame starts at each fragment that begins with
            // the codec's start marker.
            List<Integer> frameStarts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (startsFrame(buf, f.offsets[i], f.lengths[i], ts)) {
                    frameStarts.add(i);
                }
            }
            if (frameStarts.size() != frames || frameStarts.get(0) != 0) {
                throw new DicomException(Reason.INVALID_ENCAPSULATION, e.tag, at, "cannot split " + n
                        + " fragments into " + frames + " frames without an offset table (found "
                        + frameStarts.size() + " frame starts)");
            }
            for (int i = 0; i < frames; i++) {
                first[i] = frameStarts.get(i);
                end[i] = i + 1 < frames ? frameStarts.get(i + 1) : n;
            }
            return new int[][] {first, end};
        }

        private static boolean startsFrame(byte[] b, int off, int len, TransferSyntax ts) {
            switch (ts.codec()) {
                case JPEG: case JPEG_LS:
                    return len >= 2 && (b[off] & 0xFF) == 0xFF && (b[off + 1] & 0xFF) == 0xD8;
                case JPEG_2000:
                    return len >= 4 && ((b[off] & 0xFF) == 0xFF && (b[off + 1] & 0xFF) == 0x4F
                            || b[off] == 0 && b[off + 1] == 0 && b[off + 2] == 0 && b[off + 3] == 0x0C);
                case RLE:
                    if (len < 64) {
                        return false;
                    }
                    int count = DataSetParser.u32le(b, off);
                    return count >= 1 && count <= 15 && DataSetParser.u32le(b, off + 4) == 64;
                default:
                    return false;
            }
        }
    }
}
