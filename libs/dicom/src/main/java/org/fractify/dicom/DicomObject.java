package org.fractify.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.fractify.dicom.DicomException.Reason;

/**
 * An immutable parsed data set: the top level of a file (with its transfer syntax and File Meta Information)
 * or a sequence item.
 *
 * <p>Getters return {@code null}, an empty array/list or an empty optional when the attribute is absent or has
 * no value; they throw {@link DicomException} ({@link Reason#INVALID_VALUE}) when a present value cannot be
 * interpreted as asked.
 */
public final class DicomObject {

    private final byte[] buf;
    private final long base;
    private final Element[] elements;
    private final boolean bigEndian;
    private final Charset charset;
    private final TransferSyntax transferSyntax;
    private final String transferSyntaxUid;
    private final DicomObject fileMeta;

    private final ReadOptions options;
    private final boolean root;

    DicomObject(byte[] buf, long base, Element[] elements, boolean bigEndian, Charset charset, TransferSyntax ts,
            ReadOptions options) {
        this(buf, base, elements, bigEndian, charset, ts, ts == null ? null : ts.uid(), null, options, false);
    }

    private DicomObject(byte[] buf, long base, Element[] elements, boolean bigEndian, Charset charset,
            TransferSyntax ts, String tsUid, DicomObject fileMeta, ReadOptions options, boolean root) {
        this.root = root;
        this.buf = buf;
        this.base = base;
        this.elements = elements;
        this.bigEndian = bigEndian;
        this.charset = charset;
        this.transferSyntax = ts;
        this.transferSyntaxUid = tsUid;
        this.fileMeta = fileMeta;
        this.options = options;
    }

    DicomObject withRoot(TransferSyntax ts, String tsUid, DicomObject meta) {
        return new DicomObject(buf, base, elements, bigEndian, charset, ts, TransferSyntax.trimUid(tsUid), meta,
                options, true);
    }

    /**
     * Transfer syntax of the file's data set (from the File Meta Information, or Implicit VR Little Endian for a
     * bare data set). Sequence items report the transfer syntax of the file they were read from.
     */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** Transfer syntax UID of the file's data set (as in the File Meta Information, padding removed). */
    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** The options this object was read with (limits apply to pixel decoding too). */
    public ReadOptions readOptions() {
        return options;
    }

    /** The File Meta Information group (PS3.10 section 7.1), absent for bare data sets and items. */
    public Optional<DicomObject> fileMetaInformation() {
        return Optional.ofNullable(fileMeta);
    }

    /** Whether values of this data set are big endian (Explicit VR Big Endian files). */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** Number of elements at this level. */
    public int size() {
        return elements.length;
    }

    /** Tags of this level, ascending. */
    public int[] tags() {
        int[] t = new int[elements.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = elements[i].tag;
        }
        return t;
    }

    public boolean contains(int tag) {
        return element(tag) != null;
    }

    /** VR of an element (as encoded, or from the dictionary for implicit VR; UN when unknown), or null. */
    public VR vr(int tag) {
        Element e = element(tag);
        return e == null ? null : e.vr;
    }

    /** Value length in bytes, -1 for undefined length, or -1 when absent. */
    public int valueLength(int tag) {
        Element e = element(tag);
        return e == null ? -1 : e.length;
    }

    /** Byte offset of the element header in the input (see {@link DicomException#offset()}), or -1. */
    public long offsetOf(int tag) {
        Element e = element(tag);
        return e == null ? -1 : e.headerOffset + base;
    }

    /** A copy of the raw value bytes (in the transfer syntax byte order); null if absent or a sequence. */
    public byte[] getBytes(int tag) {
        Element e = element(tag);
        if (e == null || e.items != null || e.fragments != null) {
            return null;
        }
        return Arrays.copyOfRange(buf, e.valueOffset, e.valueOffset + e.length);
    }

    /** Items of a sequence; empty when absent. Throws if the element is not a sequence. */
    public List<DicomObject> getSequence(int tag) {
        Element e = element(tag);
        if (e == null || (e.length == 0 && e.items == null && e.fragments == null)) {
            return List.of();
        }
        if (e.items == null) {
            throw invalid(e, "not a sequence (VR " + e.vr + ")");
        }
        return e.items;
    }

    /**
     * First value of a string attribute, without padding (trailing spaces and NULs, and leading spaces where
     * insignificant, PS3.5 Table 6.2-1); null when absent or empty. Text VRs (LT, ST, UT, UR) return the whole
     * value. Binary numeric VRs are formatted as text.
     */
    public String getString(int tag) {
        String[] values = getStrings(tag);
        return values.length == 0 || values[0].isEmpty() ? null : values[0];
    }

    public String getString(int tag, String defaultValue) {
        String s = getString(tag);
        return s == null ? defaultValue : s;
    }

    /** All values of a string attribute (split at backslash for multi-valued VRs), padding removed. */
    public String[] getStrings(int tag) {
        Element e = element(tag);
        if (e == null || e.length <= 0 || e.items != null || e.fragments != null) {
            return new String[0];
        }
        VR vr = e.vr;
        if (vr.isString() || vr == VR.UN) {
            Charset cs = usesCharset(vr) ? charset : StandardCharsets.ISO_8859_1;
            String s = new String(buf, e.valueOffset, e.length, cs);
            if (!vr.isMultiValuedString() && vr != VR.UN) {
                return new String[] {trim(s, vr.keepsLeadingSpaces())};
            }
            String[] parts = s.split("\\\\", -1);
            for (int i = 0; i < parts.length; i++) {
                parts[i] = trim(parts[i], false);
            }
            return parts;
        }
        if (vr == VR.FL || vr == VR.FD || vr == VR.OF || vr == VR.OD) {
            double[] d = getDoubles(tag);
            String[] out = new String[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = Double.toString(d[i]);
            }
            return out;
        }
        if (vr == VR.AT) {
            int[] t = getInts(tag);
            String[] out = new String[t.length];
            for (int i = 0; i < t.length; i++) {
                out[i] = Tag.toString(t[i]);
            }
            return out;
        }
        if (vr.binaryValueSize() > 1) {
            long[] v = binaryLongs(e);
            String[] out = new String[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Long.toString(v[i]);
            }
            return out;
        }
        return new String[0];
    }

    /** First integer value (IS, binary integers, or integral DS/FL/FD). */
    public OptionalInt getInt(int tag) {
        int[] v = getInts(tag);
        return v.length == 0 ? OptionalInt.empty() : OptionalInt.of(v[0]);
    }

    public int getInt(int tag, int defaultValue) {
        return getInt(tag).orElse(defaultValue);
    }

    /** All integer values; unsigned 32-bit values above 2^31-1 are refused. */
    public int[] getInts(int tag) {
        Element e = element(tag);
        if (e == null || e.length <= 0 || e.items != null || e.fragments != null) {
            return new int[0];
        }
        VR vr = e.vr;
        if (vr == VR.AT) {
            if (e.length % 4 != 0) {
                throw invalid(e, "AT length " + e.length + " is not a multiple of 4");
            }
            int[] out = new int[e.length / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = u16(e.valueOffset + 4 * i) << 16 | u16(e.valueOffset + 4 * i + 2);
            }
            return out;
        }
        if (vr.isString() || vr == VR.FL || vr == VR.FD || vr == VR.OF || vr == VR.OD) {
            double[] d = getDoubles(tag);
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                if (d[i] != Math.rint(d[i]) || d[i] > Integer.MAX_VALUE || d[i] < Integer.MIN_VALUE) {
                    throw invalid(e, "value " + d[i] + " is not an integer");
                }
                out[i] = (int) d[i];
            }
            return out;
        }
        long[] v = binaryLongs(e);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] > Integer.MAX_VALUE || v[i] < Integer.MIN_VALUE) {
                throw invalid(e, "value " + v[i] + " does not fit an int");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** First numeric value (DS, IS, FL, FD or binary integers). */
    public OptionalDouble getDouble(int tag) {
        double[] v = getDoubles(tag);
        return v.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(v[0]);
    }

    public double getDouble(int tag, double defaultValue) {
        return getDouble(tag).orElse(defaultValue);
    }

    /** All numeric values. Empty values inside a multi-valued DS/IS are refused. */
    public double[] getDoubles(int tag) {
        Element e = element(tag);
        if (e == null || e.length <= 0 || e.items != null || e.fragments != null) {
            return new double[0];
        }
        VR vr = e.vr;
        if (vr.isString()) {
            String[] s = getStrings(tag);
            if (s.length == 1 && s[0].isEmpty()) {
                return new double[0];
            }
            double[] out = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                try {
                    String v = s[i].trim();
                    if (v.isEmpty() || !v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                        throw new NumberFormatException(v);
                    }
                    out[i] = Double.parseDouble(v);
                } catch (NumberFormatException ex) {
                    throw invalid(e, "'" + s[i] + "' is not a number");
                }
            }
            return out;
        }
        if (vr == VR.FL || vr == VR.OF) {
            checkMultiple(e, 4);
            double[] out = new double[e.length / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = Float.intBitsToFloat(i32(e.valueOffset + 4 * i));
            }
            return out;
        }
        if (vr == VR.FD || vr == VR.OD) {
            checkMultiple(e, 8);
            double[] out = new double[e.length / 8];
            for (int i = 0; i < out.length; i++) {
                out[i] = Double.longBitsToDouble(i64(e.valueOffset + 8 * i));
            }
            return out;
        }
        long[] v = binaryLongs(e);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Whether the object has Pixel Data (7FE0,0010), Float (7FE0,0008) or Double Float (7FE0,0009) Pixel Data. */
    public boolean hasPixelData() {
        return contains(Tag.PixelData) || contains(Tag.FloatPixelData) || contains(Tag.DoubleFloatPixelData);
    }

    /**
     * The image: descriptor attributes validated against each other and against the Pixel Data, frames decoded on
     * demand. Only meaningful on a top-level object (or an Icon Image Sequence item, which is read as native).
     *
     * @throws DicomException NO_PIXEL_DATA, INVALID_IMAGE, INVALID_ENCAPSULATION or UNSUPPORTED_TRANSFER_SYNTAX
     */
    public PixelData pixelData() {
        return PixelData.of(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DicomObject[");
        if (transferSyntaxUid != null) {
            sb.append(transferSyntaxUid).append(", ");
        }
        sb.append(elements.length).append(" elements]");
        return sb.toString();
    }

    // ------------------------------------------------------------------ package-private access for PixelData

    Element element(int tag) {
        int lo = 0;
        int hi = elements.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(elements[mid].tag, tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return elements[mid];
            }
        }
        return null;
    }

    /** True for the top-level data set of a file (false for sequence items and the File Meta group). */
    boolean isRoot() {
        return root;
    }

    byte[] buffer() {
        return buf;
    }

    long base() {
        return base;
    }

    /** Unsigned 16-bit value at a buffer position in this object's byte order. */
    int u16(int at) {
        return bigEndian ? (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF : buf[at] & 0xFF | (buf[at + 1] & 0xFF) << 8;
    }

    int i32(int at) {
        return bigEndian ? (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8
                | buf[at + 3] & 0xFF
                : buf[at] & 0xFF | (buf[at + 1] & 0xFF) << 8 | (buf[at + 2] & 0xFF) << 16 | (buf[at + 3] & 0xFF) << 24;
    }

    long i64(int at) {
        long a = i32(at) & 0xFFFFFFFFL;
        long b = i32(at + 4) & 0xFFFFFFFFL;
        return bigEndian ? a << 32 | b : b << 32 | a;
    }

    DicomException invalid(Element e, String detail) {
        return new DicomException(Reason.INVALID_VALUE, e.tag, e.headerOffset + base, detail);
    }

    /** Unsigned 16-bit values of an element regardless of its VR (US/SS/OW/UN), e.g. LUT descriptors and data. */
    int[] unsigned16(Element e) {
        checkMultiple(e, 2);
        int[] out = new int[e.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = u16(e.valueOffset + 2 * i);
        }
        return out;
    }

    private long[] binaryLongs(Element e) {
        VR vr = e.vr;
        int size = vr.binaryValueSize();
        if (vr == VR.OB || vr == VR.UN) {
            throw invalid(e, "VR " + vr + " has no numeric interpretation");
        }
        checkMultiple(e, size);
        long[] out = new long[e.length / size];
        for (int i = 0; i < out.length; i++) {
            int at = e.valueOffset + size * i;
            switch (vr) {
                case US: case OW: out[i] = u16(at); break;
                case SS: out[i] = (short) u16(at); break;
                case UL: case OL: out[i] = i32(at) & 0xFFFFFFFFL; break;
                case SL: out[i] = i32(at); break;
                case SV: case UV: case OV: out[i] = i64(at); break;
                default: throw invalid(e, "VR " + vr + " has no integer interpretation");
            }
        }
        return out;
    }

    private void checkMultiple(Element e, int size) {
        if (size <= 0 || e.length % size != 0) {
            throw invalid(e, "length " + e.length + " is not a multiple of " + size + " for VR " + e.vr);
        }
    }

    private static boolean usesCharset(VR vr) {
        // PS3.5 section 6.1.2.3: SH, LO, UC, ST, LT, UT and PN are affected by Specific Character Set.
        return vr == VR.SH || vr == VR.LO || vr == VR.UC || vr == VR.ST || vr == VR.LT || vr == VR.UT || vr == VR.PN;
    }

    private static String trim(String s, boolean keepLeading) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        int start = 0;
        if (!keepLeading) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        return s.substring(start, end);
    }
}
