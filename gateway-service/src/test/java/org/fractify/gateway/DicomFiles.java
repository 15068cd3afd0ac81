package org.fractify.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes small Part 10 files (Explicit VR Little Endian data set, PS3.10 section 7) for cases the corpus
 * does not have: an unsupported transfer syntax, limits, series without positions.
 */
final class DicomFiles {

    private final Map<Integer, byte[]> elements = new TreeMap<>(Integer::compareUnsigned);
    private final String transferSyntax;

    DicomFiles(String transferSyntax) {
        this.transferSyntax = transferSyntax;
    }

    DicomFiles string(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            v = java.util.Arrays.copyOf(v, v.length + 1);
            v[v.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
        }
        elements.put(tag, element(tag, vr, v));
        return this;
    }

    DicomFiles us(int tag, int value) {
        elements.put(tag, element(tag, "US", new byte[] {(byte) value, (byte) (value >> 8)}));
        return this;
    }

    /** Native 16-bit pixel data. */
    DicomFiles pixels16(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        elements.put(0x7FE00010, element(0x7FE00010, "OW", b.array()));
        return this;
    }

    /** Encapsulated pixel data (PS3.5 A.4): an empty Basic Offset Table and one fragment. */
    DicomFiles encapsulated(byte[] fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(0x7FE00010, "OB", 0xFFFFFFFF));
        out.writeBytes(item(new byte[0]));
        out.writeBytes(item(fragment.length % 2 == 0 ? fragment : java.util.Arrays.copyOf(fragment, fragment.length + 1)));
        out.writeBytes(tagBytes(0xFFFEE0DD));
        out.writeBytes(new byte[4]);
        elements.put(0x7FE00010, out.toByteArray());
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        meta.writeBytes(element(0x00020001, "OB", new byte[] {0, 1}));
        meta.writeBytes(uid(0x00020002, "1.2.840.10008.5.1.4.1.1.7"));
        meta.writeBytes(uid(0x00020003, "1.2.826.0.1.3680043.8.498.1"));
        meta.writeBytes(uid(0x00020010, transferSyntax));
        meta.writeBytes(uid(0x00020012, "1.2.826.0.1.3680043.8.498"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(meta.size());
        out.writeBytes(element(0x00020000, "UL", length.array()));
        out.writeBytes(meta.toByteArray());
        elements.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] uid(int tag, String uid) {
        byte[] v = uid.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            v = java.util.Arrays.copyOf(v, v.length + 1);
        }
        return element(tag, "UI", v);
    }

    private static byte[] element(int tag, String vr, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(tag, vr, value.length));
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** PS3.5 7.1.2: OB/OW/OF/SQ/UT/UN have a 2-byte reserved field and a 4-byte length. */
    private static byte[] header(int tag, String vr, int length) {
        boolean longForm = vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN");
        ByteBuffer b = ByteBuffer.allocate(longForm ? 12 : 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(tagBytes(tag)).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            b.putShort((short) 0).putInt(length);
        } else {
            b.putShort((short) length);
        }
        return b.array();
    }

    private static byte[] item(byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(tagBytes(0xFFFEE000)).putInt(value.length).put(value);
        return b.array();
    }

    private static byte[] tagBytes(int tag) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) (tag >>> 16))
                .putShort((short) tag).array();
    }

    /** A minimal monochrome 16-bit CT slice of {@code side} x {@code side} with the given header values. */
    static DicomFiles ct(int side, String series, String sop, Integer instance) {
        DicomFiles f = new DicomFiles("1.2.840.10008.1.2.1")
                .string(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .string(0x00080018, "UI", sop)
                .string(0x00080060, "CS", "CT")
                .string(0x0020000D, "UI", "1.2.826.0.1.3680043.8.498.7")
                .string(0x0020000E, "UI", series)
                .us(0x00280002, 1)
                .string(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, side)
                .us(0x00280011, side)
                .us(0x00280100, 16)
                .us(0x00280101, 16)
                .us(0x00280102, 15)
                .us(0x00280103, 1)
                .string(0x00281052, "DS", "-1024")
                .string(0x00281053, "DS", "1");
        if (instance != null) {
            f.string(0x00200013, "IS", instance.toString());
        }
        return f;
    }
}
