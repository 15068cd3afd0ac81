package org.fractify.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds small DICOM byte arrays by hand for tests: elements in explicit or implicit VR, little or big endian,
 * with arbitrary (also invalid) lengths.
 */
final class DicomBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean explicit;
    private final boolean bigEndian;

    private DicomBytes(boolean explicit, boolean bigEndian) {
        this.explicit = explicit;
        this.bigEndian = bigEndian;
    }

    static DicomBytes explicitLe() {
        return new DicomBytes(true, false);
    }

    static DicomBytes implicitLe() {
        return new DicomBytes(false, false);
    }

    static DicomBytes explicitBe() {
        return new DicomBytes(true, true);
    }

    /** Preamble, "DICM" and a File Meta group declaring {@code tsUid}, followed by {@code dataSet}. */
    static byte[] part10(String tsUid, byte[] dataSet) {
        DicomBytes meta = explicitLe();
        meta.str(Tag.MediaStorageSOPClassUID, "UI", "1.2.840.10008.5.1.4.1.1.7");
        meta.str(Tag.MediaStorageSOPInstanceUID, "UI", "1.2.3.4");
        meta.str(Tag.TransferSyntaxUID, "UI", tsUid);
        byte[] m = meta.toByteArray();
        DicomBytes all = explicitLe();
        all.out.write(new byte[128], 0, 128);
        all.raw("DICM".getBytes(StandardCharsets.US_ASCII));
        all.element(Tag.FileMetaInformationGroupLength, "UL", le32(m.length));
        all.raw(m);
        all.raw(dataSet);
        return all.toByteArray();
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] le16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    /** String element, padded to even length with the VR's padding byte. */
    DicomBytes str(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        if ((v.length & 1) == 1) {
            byte[] p = new byte[v.length + 1];
            System.arraycopy(v, 0, p, 0, v.length);
            p[v.length] = vr.equals("UI") ? 0 : (byte) ' ';
            v = p;
        }
        return element(tag, vr, v);
    }

    DicomBytes us(int tag, int... values) {
        byte[] v = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            put16(v, 2 * i, values[i]);
        }
        return element(tag, "US", v);
    }

    DicomBytes element(int tag, String vr, byte[] value) {
        return header(tag, vr, value.length).raw(value);
    }

    /** Element header with an arbitrary declared length (no value written). */
    DicomBytes header(int tag, String vr, long length) {
        tag(tag);
        if (explicit) {
            raw(vr.getBytes(StandardCharsets.ISO_8859_1));
            VR v = VR.fromCode(vr);
            if (v == null || v.hasLongLength()) {
                raw(new byte[2]);
                u32(length);
            } else {
                u16((int) length);
            }
        } else {
            u32(length);
        }
        return this;
    }

    /** Item, delimiter or fragment header (no VR). */
    DicomBytes item(int tag, long length) {
        tag(tag);
        return u32(length);
    }

    DicomBytes tag(int tag) {
        u16(tag >>> 16);
        return u16(tag & 0xFFFF);
    }

    DicomBytes u16(int v) {
        byte[] b = new byte[2];
        put16(b, 0, v);
        return raw(b);
    }

    DicomBytes u32(long v) {
        byte[] b = bigEndian ? new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v}
                : le32(v);
        return raw(b);
    }

    DicomBytes raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void put16(byte[] b, int at, int v) {
        if (bigEndian) {
            b[at] = (byte) (v >> 8);
            b[at + 1] = (byte) v;
        } else {
            b[at] = (byte) v;
            b[at + 1] = (byte) (v >> 8);
        }
    }
}
