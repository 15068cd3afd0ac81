package org.fractify.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.fractify.dicom.DicomException.Reason;

/**
 * Parses a DICOM Part 10 file (PS3.10 section 7) or a bare Implicit VR Little Endian data set held in memory.
 *
 * <p>Every length is checked against the bytes left in the enclosing container (file, sequence or item) before
 * it is used, nothing is allocated from a declared length, and sequence nesting is bounded by
 * {@link ReadOptions#maxSequenceDepth()} (recursion is at most three frames per nesting level).
 */
final class DataSetParser {

    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int DICM = 0x4D434944; // "DICM" read little endian

    private final ReadOptions options;
    private byte[] buf;
    /** Added to buffer positions when reporting offsets (non-zero for the inflated part of deflated files). */
    private long base;
    private int pos;
    private boolean bigEndian;
    private boolean explicitVr;
    private int elementCount;
    private TransferSyntax transferSyntax;

    DataSetParser(ReadOptions options) {
        this.options = options;
    }

    DicomObject parse(byte[] data) {
        try {
            return parseInternal(data);
        } catch (StackOverflowError e) {
            // Only reachable with a small thread stack: nesting is bounded by maxSequenceDepth.
            throw new DicomException(Reason.DEPTH_LIMIT_EXCEEDED, DicomException.NO_TAG, pos + base,
                    "sequence nesting exhausted the thread stack");
        }
    }

    private DicomObject parseInternal(byte[] data) {
        this.buf = data;
        this.base = 0;
        this.pos = 0;
        if (data.length == 0) {
            throw new DicomException(Reason.NOT_DICOM, DicomException.NO_TAG, 0, "empty input");
        }
        boolean part10 = data.length >= 132 && u32le(data, 128) == DICM;
        if (!part10) {
            return parseBareDataSet(data);
        }
        // PS3.10 section 7.1: 128-byte preamble, "DICM", then the File Meta Information in Explicit VR LE.
        pos = 132;
        if (data.length == 132) {
            throw new DicomException(Reason.TRUNCATED, DicomException.NO_TAG, 132,
                    "input ends after the DICM prefix: no File Meta Information");
        }
        this.transferSyntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        DicomObject meta = parseFileMeta(data);
        String tsUid = meta.getString(Tag.TransferSyntaxUID);
        if (tsUid == null) {
            throw new DicomException(Reason.INVALID_FILE_META, Tag.TransferSyntaxUID, 132,
                    "File Meta Information lacks the Transfer Syntax UID (PS3.10 section 7.1)");
        }
        TransferSyntax ts = TransferSyntax.of(tsUid).orElseThrow(() -> {
            DicomException e = DicomException.unsupportedTransferSyntax(tsUid,
                    "cannot decode the data set");
            return new DicomException(e.reason(), Tag.TransferSyntaxUID,
                    meta.element(Tag.TransferSyntaxUID).headerOffset, e.detail());
        });
        int metaEnd = pos;
        if (metaEnd >= data.length) {
            throw new DicomException(Reason.TRUNCATED, DicomException.NO_TAG, metaEnd,
                    "input ends after the File Meta Information: no data set");
        }
        this.transferSyntax = ts;
        this.explicitVr = ts.explicitVr();
        this.bigEndian = ts.bigEndian();
        int start = metaEnd;
        int end = data.length;
        if (ts.deflated()) {
            // PS3.5 section A.5: everything after the File Meta Information is a raw deflate stream (RFC 1951).
            this.buf = inflate(data, metaEnd);
            this.base = metaEnd;
            start = 0;
            end = buf.length;
        }
        pos = start;
        DicomObject ds = readDataSet(end, false, 0, defaultCharset(), true);
        return ds.withRoot(ts, tsUid, meta);
    }

    /**
     * A file without preamble and "DICM" is accepted only as a bare data set in the default transfer syntax,
     * Implicit VR Little Endian (PS3.5 section 10.1). Anything else is refused: a File Meta group without the
     * preamble, an explicit VR or big endian data set (whose transfer syntax would have to be guessed) or data
     * that does not start with a plausible data set tag.
     */
    private DicomObject parseBareDataSet(byte[] data) {
        if (data.length < 8) {
            throw new DicomException(Reason.NOT_DICOM, DicomException.NO_TAG, 0,
                    "not DICOM: " + data.length + " bytes, no DICM prefix");
        }
        int group = u16le(data, 0);
        if (group == 0x0002) {
            throw new DicomException(Reason.NOT_DICOM, tagLe(data, 0), 0,
                    "File Meta Information without the 128-byte preamble and DICM prefix (PS3.10 section 7.1)");
        }
        if (group < 0x0008 || group > 0x7FE0 || (group & 1) == 1) {
            throw new DicomException(Reason.NOT_DICOM, DicomException.NO_TAG, 0,
                    "not DICOM: no DICM prefix at offset 128 and no data set at offset 0");
        }
        if (VR.fromBytes(data[4] & 0xFF, data[5] & 0xFF) != null) {
            throw new DicomException(Reason.NOT_DICOM, tagLe(data, 0), 0,
                    "explicit VR data set without File Meta Information: its transfer syntax is unknown");
        }
        this.transferSyntax = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        this.explicitVr = false;
        this.bigEndian = false;
        pos = 0;
        DicomObject ds = readDataSet(data.length, false, 0, defaultCharset(), true);
        return ds.withRoot(transferSyntax, transferSyntax.uid(), null);
    }

    /**
     * PS3.10 section 7.1: the File Meta Information is group 0002 in Explicit VR Little Endian, starting with
     * (0002,0000) File Meta Information Group Length, which must match the encoded elements exactly.
     */
    private DicomObject parseFileMeta(byte[] data) {
        explicitVr = true;
        bigEndian = false;
        int start = pos;
        if (data.length - start < 12) {
            throw new DicomException(Reason.TRUNCATED, DicomException.NO_TAG, start,
                    "File Meta Information truncated: " + (data.length - start) + " bytes after DICM");
        }
        int firstTag = tagLe(data, start);
        if (firstTag != Tag.FileMetaInformationGroupLength) {
            throw new DicomException(Reason.INVALID_FILE_META, firstTag, start,
                    "File Meta Information must start with (0002,0000) File Meta Information Group Length");
        }
        if (data[start + 4] != 'U' || data[start + 5] != 'L' || u16le(data, start + 6) != 4) {
            throw new DicomException(Reason.INVALID_FILE_META, firstTag, start,
                    "(0002,0000) must be UL with length 4");
        }
        long groupLength = u32le(data, start + 8) & 0xFFFFFFFFL;
        int valuesStart = start + 12;
        if (groupLength > data.length - valuesStart) {
            throw new DicomException(Reason.INVALID_FILE_META, firstTag, start,
                    "group length " + groupLength + " exceeds remaining " + (data.length - valuesStart));
        }
        int metaEnd = (int) (valuesStart + groupLength);
        pos = start;
        DicomObject meta;
        try {
            meta = readDataSet(metaEnd, false, 0, StandardCharsets.US_ASCII, false);
        } catch (DicomException e) {
            if (e.reason() == Reason.INVALID_FILE_META || e.reason() == Reason.SIZE_LIMIT_EXCEEDED) {
                throw e;
            }
            throw new DicomException(Reason.INVALID_FILE_META, e.tag(), e.offset(),
                    "File Meta Information (group length " + groupLength + "): " + e.detail(), e);
        }
        if (metaEnd + 4 <= data.length && u16le(data, metaEnd) == 0x0002) {
            throw new DicomException(Reason.INVALID_FILE_META, tagLe(data, metaEnd), metaEnd,
                    "group 0002 element after the end given by (0002,0000) group length " + groupLength);
        }
        pos = metaEnd;
        return meta;
    }

    private byte[] inflate(byte[] data, int from) {
        try {
            return inflate(data, from, true);
        } catch (DicomException e) {
            // Some old writers wrapped the stream in a zlib header (RFC 1950); accept that too.
            int cmf = data[from] & 0xFF;
            int flg = from + 1 < data.length ? data[from + 1] & 0xFF : 0;
            if ((cmf & 0x0F) == 8 && ((cmf << 8) | flg) % 31 == 0 && e.reason() == Reason.DEFLATE_ERROR) {
                try {
                    return inflate(data, from, false);
                } catch (DicomException ignored) {
                    throw e;
                }
            }
            throw e;
        }
    }

    private byte[] inflate(byte[] data, int from, boolean raw) {
        Inflater inflater = new Inflater(raw);
        try {
            inflater.setInput(data, from, data.length - from);
            byte[] out = new byte[(int) Math.min(Math.max(4096L, (data.length - from) * 4L), options.maxBytes())];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length >= options.maxBytes()) {
                        throw new DicomException(Reason.SIZE_LIMIT_EXCEEDED, DicomException.NO_TAG, from,
                                "inflated data set exceeds the limit of " + options.maxBytes() + " bytes");
                    }
                    out = java.util.Arrays.copyOf(out, (int) Math.min(out.length * 2L, options.maxBytes()));
                }
                int r = inflater.inflate(out, n, out.length - n);
                if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DicomException(Reason.DEFLATE_ERROR, DicomException.NO_TAG,
                            from + inflater.getBytesRead(), "deflated data set is truncated");
                }
                n += r;
            }
            return java.util.Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new DicomException(Reason.DEFLATE_ERROR, DicomException.NO_TAG, from + inflater.getBytesRead(),
                    "corrupt deflate stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /**
     * Reads data elements until {@code end} (defined length) or until an Item Delimitation Item (undefined
     * length item, PS3.5 section 7.5.2). Elements must appear in strictly increasing tag order and at most once
     * (PS3.5 section 7.1).
     */
    private DicomObject readDataSet(int end, boolean undefinedLength, int depth, Charset inherited,
            boolean topLevel) {
        boolean inMeta = !topLevel && depth == 0;
        List<Element> elements = new ArrayList<>();
        Charset charset = inherited;
        int previousTag = 0;
        boolean first = true;
        boolean saveBigEndian = bigEndian;
        boolean saveExplicit = explicitVr;
        DicomException orderError = null;
        int pixelRepresentation = 0;
        while (true) {
            if (pos == end) {
                if (undefinedLength) {
                    throw missingDelimiter(end, "item of undefined length lacks its Item Delimitation Item");
                }
                break;
            }
            int headerStart = pos;
            requireHeader(end, DicomException.NO_TAG);
            int tag = readTag(pos);
            if (tag == Tag.ItemDelimitationItem) {
                // PS3.5 section 7.5.2: ends an undefined-length item; its length must be 0.
                if (!undefinedLength) {
                    throw error(Reason.INVALID_SEQUENCE, tag, headerStart,
                            "Item Delimitation Item outside an undefined-length item");
                }
                long len = u32(pos + 4);
                if (len != 0) {
                    throw error(Reason.INVALID_SEQUENCE, tag, headerStart,
                            "Item Delimitation Item has length " + len + ", must be 0");
                }
                pos += 8;
                break;
            }
            if ((tag >>> 16) == 0xFFFE) {
                throw error(Reason.INVALID_SEQUENCE, tag, headerStart,
                        "unexpected " + Tag.toString(tag) + " inside a data set (PS3.5 section 7.5)");
            }
            checkTag(tag, headerStart, inMeta, topLevel && depth == 0);
            if (!first && Integer.compareUnsigned(tag, previousTag) <= 0 && orderError == null) {
                // Reported once the rest of this data set parsed, so that a more specific defect wins.
                orderError = error(Reason.INVALID_TAG, tag, headerStart, (tag == previousTag ? "duplicate element"
                        : "element out of order after " + Tag.toString(previousTag))
                        + " (PS3.5 section 7.1: ascending tag order)");
            }
            if (first && topLevel && depth == 0) {
                checkEncodingMatches(tag, headerStart, end);
            }
            if (topLevel && depth == 0 && tag == Tag.PixelData && options.stopBeforePixels()) {
                pos = end;
                break;
            }
            countElement(tag, headerStart);
            Element e = readElement(tag, headerStart, end, depth, charset, pixelRepresentation);
            elements.add(e);
            if (tag == Tag.SpecificCharacterSet) {
                charset = CharacterSets.forValue(stringValue(e));
            }
            if (tag == Tag.PixelRepresentation && e.length == 2) {
                pixelRepresentation = bigEndian ? (buf[e.valueOffset] & 0xFF) << 8 | buf[e.valueOffset + 1] & 0xFF
                        : u16le(buf, e.valueOffset);
            }
            previousTag = tag;
            first = false;
            // A UN sequence switches to implicit VR LE for its content only (PS3.5 section 6.2.2).
            bigEndian = saveBigEndian;
            explicitVr = saveExplicit;
        }
        if (orderError != null) {
            throw orderError;
        }
        return new DicomObject(buf, base, elements.toArray(new Element[0]), bigEndian, charset, transferSyntax,
                options);
    }

    /**
     * Group checks: group 0000 (command) and the reserved groups 0001, 0003, 0005, 0007 and FFFF (PS3.5 section
     * 7.8.1) never occur in a stored data set; group 0002 belongs to the File Meta Information only.
     */
    private void checkTag(int tag, int at, boolean inMeta, boolean topDataSet) {
        int group = tag >>> 16;
        if (inMeta) {
            if (group != 0x0002) {
                throw error(Reason.INVALID_FILE_META, tag, at,
                        "non-0002 element inside the File Meta Information group length");
            }
            return;
        }
        if (group == 0x0002) {
            throw error(Reason.INVALID_TAG, tag, at, "File Meta Information element inside the data set");
        }
        if (group == 0x0000 || group == 0x0001 || group == 0x0003 || group == 0x0005 || group == 0x0007
                || group == 0xFFFF) {
            throw error(Reason.INVALID_TAG, tag, at, "illegal group " + String.format("%04X", group)
                    + " (PS3.5 section 7.8.1)");
        }
    }

    private Element readElement(int tag, int headerStart, int end, int depth, Charset charset,
            int pixelRepresentation) {
        VR vr;
        long length;
        int headerLength;
        if (explicitVr) {
            // PS3.5 section 7.1.2: tag, 2-byte VR, then either a 2-byte length or 2 reserved bytes and a
            // 4-byte length.
            int b0 = buf[pos + 4] & 0xFF;
            int b1 = buf[pos + 5] & 0xFF;
            vr = VR.fromBytes(b0, b1);
            if (vr == null) {
                throw error(Reason.INVALID_VR, tag, headerStart, "invalid VR " + describeVr(b0, b1)
                        + " (PS3.5 Table 6.2-1)");
            }
            if (vr.hasLongLength()) {
                if (end - pos < 12) {
                    throw error(end == buf.length ? Reason.TRUNCATED : Reason.LENGTH_OVERRUN, tag, headerStart,
                            "element header needs 12 bytes, " + (end - pos) + " remain");
                }
                length = u32(pos + 8);
                headerLength = 12;
            } else {
                length = u16(pos + 6);
                headerLength = 8;
            }
        } else {
            // PS3.5 section 7.1.3: tag and 4-byte length; the VR comes from the data dictionary.
            vr = Tag.dictionaryVr(tag);
            if (vr == VR.US && Tag.isUsOrSs(tag) && pixelRepresentation == 1) {
                vr = VR.SS; // PS3.3 C.7.6.3: US or SS following Pixel Representation
            }
            length = u32(pos + 4);
            headerLength = 8;
        }
        pos += headerLength;
        int valueStart = pos;
        if (length == UNDEFINED_LENGTH) {
            // PS3.5 section 7.1.1: undefined length only for SQ, UN (section 6.2.2) and encapsulated Pixel Data
            // (section A.4); in implicit VR an undefined length marks a sequence.
            if (tag == Tag.PixelData && (vr == VR.OB || vr == VR.OW || !explicitVr)) {
                Element.Fragments f = readFragments(tag, headerStart, end);
                return new Element(tag, vr == null ? VR.OB : vr, headerStart, valueStart, Element.UNDEFINED, null, f);
            }
            if (vr == VR.SQ || vr == VR.UN || !explicitVr) {
                if (vr == VR.UN) {
                    explicitVr = false; // PS3.5 section 6.2.2: UN of undefined length is Implicit VR LE
                    bigEndian = false;
                }
                List<DicomObject> items = readSequence(tag, headerStart, end, true, depth, charset);
                return new Element(tag, VR.SQ, headerStart, valueStart, Element.UNDEFINED, items, null);
            }
            throw error(Reason.INVALID_VR, tag, headerStart, "undefined length is not allowed for VR " + vr
                    + " (PS3.5 section 7.1.1)");
        }
        if ((length & 1) != 0) {
            throw error(Reason.ODD_LENGTH, tag, headerStart, "odd value length " + length
                    + " (PS3.5 section 7.1.1 requires even lengths)");
        }
        if (length > end - pos) {
            throw error(Reason.LENGTH_OVERRUN, tag, headerStart, "length " + length + " exceeds remaining "
                    + (end - pos));
        }
        if (length > options.maxValueLength()) {
            throw error(Reason.SIZE_LIMIT_EXCEEDED, tag, headerStart, "length " + length
                    + " exceeds the limit of " + options.maxValueLength());
        }
        int len = (int) length;
        int valueEnd = pos + len;
        if (vr == VR.SQ) {
            List<DicomObject> items = readSequence(tag, headerStart, valueEnd, false, depth, charset);
            return new Element(tag, VR.SQ, headerStart, valueStart, len, items, null);
        }
        if ((vr == null || vr == VR.UN) && looksLikeSequence(valueStart, len)) {
            // An implicit VR element with no dictionary entry, or UN (PS3.5 section 6.2.2), whose value starts
            // with an Item tag is a sequence encoded in Implicit VR Little Endian. If it does not parse as one,
            // it is kept as opaque bytes.
            int saveCount = elementCount;
            boolean saveExplicit = explicitVr;
            boolean saveBig = bigEndian;
            try {
                explicitVr = false;
                bigEndian = false;
                List<DicomObject> items = readSequence(tag, headerStart, valueEnd, false, depth, charset);
                return new Element(tag, VR.SQ, headerStart, valueStart, len, items, null);
            } catch (DicomException e) {
                if (e.reason() == Reason.SIZE_LIMIT_EXCEEDED) {
                    throw e;
                }
                elementCount = saveCount;
                explicitVr = saveExplicit;
                bigEndian = saveBig;
            }
        }
        if (vr == VR.DS || vr == VR.IS || vr == VR.UI) {
            checkCharacters(tag, vr, headerStart, valueStart, len);
        }
        pos = valueEnd;
        return new Element(tag, vr == null ? VR.UN : vr, headerStart, valueStart, len, null, null);
    }

    /**
     * Character repertoires of the numeric string VRs (PS3.5 Table 6.2-1): DS "0-9 + - E e ." and space, IS
     * "0-9 + -" and space, UI "0-9 ." (PS3.5 section 9.1) padded with NUL; backslash separates values.
     */
    private void checkCharacters(int tag, VR vr, int headerStart, int from, int len) {
        for (int i = from; i < from + len; i++) {
            int c = buf[i] & 0xFF;
            boolean ok;
            if (c == '\\' || c >= '0' && c <= '9') {
                ok = true;
            } else if (vr == VR.UI) {
                ok = c == '.' || (c == 0 || c == ' ') && i >= from + len - 1;
            } else {
                ok = c == ' ' || c == '+' || c == '-' || c == 0 && i >= from + len - 1
                        || vr == VR.DS && (c == '.' || c == 'E' || c == 'e');
            }
            if (!ok) {
                throw error(Reason.INVALID_VALUE, tag, headerStart, String.format(
                        "character 0x%02X at value byte %d is not allowed in VR %s (PS3.5 Table 6.2-1)", c,
                        i - from, vr));
            }
        }
    }

    /**
     * Checks that the first data set element matches the declared transfer syntax: an Implicit VR data set whose
     * first element carries a VR, or a Big Endian data set whose first tag only makes sense little endian, is
     * a File Meta Information error (PS3.10 section 7.1), not something to misparse.
     */
    private void checkEncodingMatches(int tag, int at, int end) {
        if (!explicitVr && end - at >= 8) {
            VR vr = VR.fromBytes(buf[at + 4] & 0xFF, buf[at + 5] & 0xFF);
            int shortLength = u16le(buf, at + 6);
            if (vr != null && (vr.hasLongLength() ? shortLength == 0 : 8 + shortLength <= end - at)
                    && u32(at + 4) > end - at - 8) {
                throw error(Reason.INVALID_FILE_META, tag, at, "transfer syntax " + transferSyntax.uid()
                        + " is implicit VR but the data set is explicit VR (VR " + vr + " in the first element)");
            }
        }
        if (bigEndian && (tag >>> 16) > 0x00FF && Integer.reverseBytes(tag >>> 16) >>> 16 <= 0x00FF
                && (tag >>> 16 & 0xFF) == 0) {
            throw error(Reason.INVALID_FILE_META, tag, at, "transfer syntax " + transferSyntax.uid()
                    + " is big endian but the data set is little endian (first tag reads "
                    + Tag.toString(tag) + ")");
        }
    }

    private boolean looksLikeSequence(int at, int len) {
        if (len < 8) {
            return false;
        }
        int t = u16le(buf, at) << 16 | u16le(buf, at + 2);
        if (t != Tag.Item) {
            return false;
        }
        long itemLen = u32le(buf, at + 4) & 0xFFFFFFFFL;
        return itemLen == UNDEFINED_LENGTH || itemLen <= len - 8;
    }

    /** PS3.5 section 7.5: a sequence is a list of Items (FFFE,E000), each holding a nested data set. */
    private List<DicomObject> readSequence(int tag, int headerStart, int end, boolean undefinedLength, int depth,
            Charset charset) {
        if (depth + 1 > options.maxSequenceDepth()) {
            throw error(Reason.DEPTH_LIMIT_EXCEEDED, tag, headerStart,
                    "sequences nested deeper than " + options.maxSequenceDepth());
        }
        List<DicomObject> items = new ArrayList<>();
        int containerEnd = end;
        while (true) {
            if (!undefinedLength && pos == end) {
                break;
            }
            int itemStart = pos;
            if (containerEnd - pos < 8) {
                if (undefinedLength) {
                    throw missingDelimiter(containerEnd, "sequence " + Tag.toString(tag)
                            + " of undefined length lacks its Sequence Delimitation Item");
                }
                throw error(Reason.INVALID_SEQUENCE, tag, itemStart, (containerEnd - pos)
                        + " stray bytes at the end of the sequence");
            }
            int itemTag = readTag(pos);
            long len = u32(pos + 4);
            if (itemTag == Tag.SequenceDelimitationItem) {
                // PS3.5 section 7.5.2: ends an undefined-length sequence; its length must be 0.
                if (!undefinedLength) {
                    throw error(Reason.INVALID_SEQUENCE, itemTag, itemStart,
                            "Sequence Delimitation Item inside a defined-length sequence");
                }
                if (len != 0) {
                    throw error(Reason.INVALID_SEQUENCE, itemTag, itemStart,
                            "Sequence Delimitation Item has length " + len + ", must be 0");
                }
                pos += 8;
                break;
            }
            if (itemTag != Tag.Item) {
                throw error(Reason.INVALID_SEQUENCE, itemTag, itemStart, "expected an Item (FFFE,E000) in sequence "
                        + Tag.toString(tag) + " (PS3.5 section 7.5.1)");
            }
            countElement(itemTag, itemStart);
            pos += 8;
            DicomObject item;
            if (len == UNDEFINED_LENGTH) {
                item = readDataSet(containerEnd, true, depth + 1, charset, false);
            } else {
                if ((len & 1) != 0) {
                    throw error(Reason.ODD_LENGTH, itemTag, itemStart, "odd item length " + len);
                }
                if (len > containerEnd - pos) {
                    throw error(Reason.LENGTH_OVERRUN, itemTag, itemStart, "item length " + len
                            + " exceeds remaining " + (containerEnd - pos) + " of sequence " + Tag.toString(tag));
                }
                item = readDataSet(pos + (int) len, false, depth + 1, charset, false);
            }
            items.add(item);
        }
        return Collections.unmodifiableList(items);
    }

    /**
     * PS3.5 section A.4: encapsulated Pixel Data is a sequence of Items without VR: the Basic Offset Table item
     * (possibly empty), then one item per fragment, ended by a Sequence Delimitation Item. Items have defined,
     * even lengths.
     */
    private Element.Fragments readFragments(int tag, int headerStart, int end) {
        int botOffset = -1;
        int botLength = 0;
        IntList offsets = new IntList();
        IntList lengths = new IntList();
        List<Long> positions = new ArrayList<>();
        long firstFragmentItem = -1;
        while (true) {
            int itemStart = pos;
            if (end - pos < 8) {
                throw error(end - pos == 0 && end == buf.length ? Reason.TRUNCATED : Reason.INVALID_ENCAPSULATION,
                        tag, headerStart, "encapsulated Pixel Data lacks its Sequence Delimitation Item (input ends at "
                        + (end + base) + ")");
            }
            int itemTag = readTag(pos);
            long len = u32(pos + 4);
            if (itemTag == Tag.SequenceDelimitationItem) {
                if (len != 0) {
                    throw error(Reason.INVALID_ENCAPSULATION, itemTag, itemStart,
                            "Sequence Delimitation Item has length " + len + ", must be 0");
                }
                if (botOffset < 0) {
                    throw error(Reason.INVALID_ENCAPSULATION, tag, headerStart,
                            "encapsulated Pixel Data lacks the Basic Offset Table item");
                }
                pos += 8;
                break;
            }
            if (itemTag != Tag.Item) {
                throw error(Reason.INVALID_ENCAPSULATION, itemTag, itemStart,
                        "expected an Item (FFFE,E000) in encapsulated Pixel Data (PS3.5 section A.4)");
            }
            if (len == UNDEFINED_LENGTH) {
                throw error(Reason.INVALID_ENCAPSULATION, itemTag, itemStart,
                        "fragment item of undefined length (PS3.5 section A.4)");
            }
            if ((len & 1) != 0) {
                throw error(Reason.ODD_LENGTH, itemTag, itemStart, "odd fragment length " + len);
            }
            if (len > end - pos - 8) {
                throw error(Reason.LENGTH_OVERRUN, itemTag, itemStart, "fragment length " + len + " exceeds remaining "
                        + (end - pos - 8));
            }
            countElement(itemTag, itemStart);
            pos += 8;
            if (botOffset < 0) {
                botOffset = pos;
                botLength = (int) len;
            } else {
                if (firstFragmentItem < 0) {
                    firstFragmentItem = itemStart;
                }
                offsets.add(pos);
                lengths.add((int) len);
                positions.add(itemStart - firstFragmentItem);
            }
            pos += (int) len;
        }
        long[] pos64 = new long[positions.size()];
        for (int i = 0; i < pos64.length; i++) {
            pos64[i] = positions.get(i);
        }
        return new Element.Fragments(botOffset, botLength, offsets.toArray(), lengths.toArray(), pos64);
    }

    private DicomException missingDelimiter(int end, String what) {
        Reason r = end == buf.length ? Reason.TRUNCATED : Reason.INVALID_SEQUENCE;
        return error(r, DicomException.NO_TAG, end, what);
    }

    private void countElement(int tag, int at) {
        if (++elementCount > options.maxElements()) {
            throw error(Reason.SIZE_LIMIT_EXCEEDED, tag, at, "more than " + options.maxElements() + " elements");
        }
    }

    private void requireHeader(int end, int tag) {
        int remaining = end - pos;
        if (remaining < 8) {
            Reason r = end == buf.length ? Reason.TRUNCATED : Reason.LENGTH_OVERRUN;
            throw error(r, tag, pos, "element header needs 8 bytes, " + remaining + " remain");
        }
    }

    private DicomException error(Reason reason, int tag, int at, String detail) {
        return new DicomException(reason, tag, at + base, detail);
    }

    private static String describeVr(int b0, int b1) {
        if (b0 >= 0x20 && b0 < 0x7F && b1 >= 0x20 && b1 < 0x7F) {
            return String.format("'%c%c' (%02X %02X)", (char) b0, (char) b1, b0, b1);
        }
        return String.format("%02X %02X", b0, b1);
    }

    private String stringValue(Element e) {
        return new String(buf, e.valueOffset, e.length, StandardCharsets.ISO_8859_1);
    }

    private static Charset defaultCharset() {
        return CharacterSets.DEFAULT;
    }

    private int readTag(int at) {
        return u16(at) << 16 | u16(at + 2);
    }

    private int u16(int at) {
        return bigEndian ? (buf[at] & 0xFF) << 8 | buf[at + 1] & 0xFF : u16le(buf, at);
    }

    private long u32(int at) {
        if (bigEndian) {
            return ((long) (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8
                    | buf[at + 3] & 0xFF) & 0xFFFFFFFFL;
        }
        return u32le(buf, at) & 0xFFFFFFFFL;
    }

    static int u16le(byte[] b, int at) {
        return b[at] & 0xFF | (b[at + 1] & 0xFF) << 8;
    }

    static int u32le(byte[] b, int at) {
        return b[at] & 0xFF | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static int tagLe(byte[] b, int at) {
        return u16le(b, at) << 16 | u16le(b, at + 2);
    }

    /** Minimal growable int list (avoids boxing for fragment tables). */
    private static final class IntList {
        private int[] a = new int[8];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
