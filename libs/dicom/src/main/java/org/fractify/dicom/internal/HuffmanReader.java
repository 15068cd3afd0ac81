package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

/**
 * The entropy-coded data of a Huffman JPEG scan (ISO/IEC 10918-1 F.2.2, shared by the DCT and lossless
 * processes): bytes most significant bit first, FF00 a data byte FF (B.1.1.5), values coded with a
 * {@link HuffmanTable} followed by their extra bits. A 64-bit buffer holds the unread bits. A marker or the end of
 * the data ends the segment: from there the reader supplies zero bits and counts them, so a decoder never reads
 * past the array and asks {@link #exhausted()} whether it consumed any. Internal API.
 */
final class HuffmanReader {

    private final byte[] b;
    private final String codec;
    private int pos;
    // the low `bits` bits of `acc` are unread, most significant first; the last `fake` of them are zero padding
    // added after a marker or the end of data (consuming them means the data was too short)
    private long acc;
    private int bits;
    private int fake;

    /** Reads from {@code pos}, the first byte after a scan header; {@code codec} names the decoder in messages. */
    HuffmanReader(byte[] b, int pos, String codec) {
        this.b = b;
        this.pos = pos;
        this.codec = codec;
    }

    /**
     * F.2.2.3 DECODE: the next value coded with {@code h}. At least 16 bits stay buffered after it, so one
     * {@link #receive} may follow without another fill.
     */
    int decode(HuffmanTable h) {
        if (bits < 32) {
            fill();
        }
        int entry = h.fast[(int) (acc >>> (bits - HuffmanTable.LOOKAHEAD)) & ((1 << HuffmanTable.LOOKAHEAD) - 1)];
        if (entry == 0) {
            entry = h.longCode(acc, bits);
            if (entry == 0) {
                throw corrupt(codec, "invalid Huffman code");
            }
        }
        bits -= entry >>> 8;
        return entry & 0xFF;
    }

    /** F.2.2.1 RECEIVE: the next {@code count} bits (0 to 16), right after {@link #decode}. */
    int receive(int count) {
        int v = (int) (acc >>> (bits - count)) & ((1 << count) - 1);
        bits -= count;
        return v;
    }

    /** F.2.2.1 RECEIVE and EXTEND: the signed value of a magnitude category (0 to 16), right after {@link #decode}. */
    int receiveExtend(int category) {
        if (category == 0) {
            return 0;
        }
        int v = receive(category);
        return v < 1 << (category - 1) ? v - (1 << category) + 1 : v;
    }

    /** True when the bits consumed so far run past the data of the segment. */
    boolean exhausted() {
        return bits < fake;
    }

    /** The offset of the first byte not yet buffered (a marker once the data of the segment is all read). */
    int position() {
        return pos;
    }

    /** Tops the buffer up to more than 56 bits; after a marker or the end of data, zeros (counted as fake). */
    private void fill() {
        while (bits <= 56) {
            int v;
            if (fake > 0 || pos >= b.length) {
                v = 0;
                fake += 8;
            } else {
                v = b[pos] & 0xFF;
                if (v == 0xFF) {
                    int next = pos + 1 < b.length ? b[pos + 1] & 0xFF : -1;
                    if (next == 0x00) {
                        pos += 2;
                    } else {
                        v = 0; // a marker: the entropy-coded segment ends here (B.1.1.5)
                        fake += 8;
                    }
                } else {
                    pos++;
                }
            }
            acc = acc << 8 | v;
            bits += 8;
        }
    }

    /** B.2.1: the byte-aligned restart marker RSTn that ends interval {@code n}; the next interval is read after it. */
    void restart(int n) {
        if (bits < fake) {
            throw corrupt(codec, "entropy-coded data ends before restart marker RST" + (n & 7));
        }
        if (bits - fake >= 8) {
            throw corrupt(codec, "extra data before restart marker RST" + (n & 7));
        }
        acc = 0;
        bits = 0;
        fake = 0;
        if (pos + 1 >= b.length || (b[pos] & 0xFF) != 0xFF || (b[pos + 1] & 0xFF) != 0xD0 + (n & 7)) {
            throw corrupt(codec, "expected restart marker RST" + (n & 7));
        }
        pos += 2;
    }

    /**
     * After the last value of the scan: the data must have sufficed, and only padding bits (fewer than 8) may be
     * left before the marker that follows (B.1.1.5); whole bytes are data the image has no place for.
     */
    void end() {
        if (bits < fake) {
            throw corrupt(codec, "entropy-coded data ends before the image is complete");
        }
        if (bits - fake >= 8 || pos < b.length && ((b[pos] & 0xFF) != 0xFF || pos + 1 < b.length && b[pos + 1] == 0)) {
            throw corrupt(codec, "extra data after the last sample");
        }
    }
}
