package org.fractify.dicom;

/**
 * The single exception type of this library: the input is not valid DICOM, exceeds a configured limit, or uses
 * an encoding this library cannot decode.
 *
 * <p>It carries a {@link Reason}, the tag of the element being read (or {@link #NO_TAG}) and the byte offset in
 * the input (or {@link #NO_OFFSET}). For deflated data sets the offset counts bytes of the inflated stream
 * following the File Meta Information. The message reads like
 * {@code (7FE0,0010) @ 12: length 1735288172 exceeds remaining 1}.
 *
 * <p>Callers mapping to HTTP: {@link Reason#unsupported()} reasons are "415 Unsupported Media Type", everything
 * else is "422 Unprocessable Content".
 *
 * <p>It is unchecked so that lazily evaluated accessors (value getters, frame decoding) can throw it too.
 */
public final class DicomException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Tag value used when no element is concerned. */
    public static final int NO_TAG = -1;
    /** Offset value used when no byte offset applies. */
    public static final long NO_OFFSET = -1;

    /** Why the input was refused. */
    public enum Reason {
        /** Not a DICOM Part 10 file nor a bare Implicit VR Little Endian data set. */
        NOT_DICOM(false),
        /** The input ends inside a header, a value or before a required delimiter. */
        TRUNCATED(false),
        /** A declared length runs past the end of the input or of its enclosing sequence or item. */
        LENGTH_OVERRUN(false),
        /** A value length is odd (PS3.5 section 7.1.1 requires even lengths). */
        ODD_LENGTH(false),
        /** An explicit VR is not one of PS3.5 Table 6.2-1, or undefined length is used with a VR that forbids it. */
        INVALID_VR(false),
        /** A tag is illegal at its position (out of order, duplicate, reserved group, group 0002 in the data set). */
        INVALID_TAG(false),
        /** The File Meta Information (PS3.10 section 7.1) is missing, inconsistent or incomplete. */
        INVALID_FILE_META(false),
        /** Sequence, item or delimiter structure is broken (PS3.5 section 7.5). */
        INVALID_SEQUENCE(false),
        /** Encapsulated Pixel Data structure is broken (PS3.5 section A.4). */
        INVALID_ENCAPSULATION(false),
        /** Sequences nest deeper than {@link ReadOptions#maxSequenceDepth()}. */
        DEPTH_LIMIT_EXCEEDED(false),
        /** The input, a value, the element count or a frame exceeds a {@link ReadOptions} limit. */
        SIZE_LIMIT_EXCEEDED(false),
        /** A value cannot be interpreted (e.g. a non-numeric IS/DS, a binary value of the wrong size). */
        INVALID_VALUE(false),
        /** The deflated data set (PS3.5 section A.5) cannot be inflated. */
        DEFLATE_ERROR(false),
        /** The object has no Pixel Data. */
        NO_PIXEL_DATA(false),
        /** Image Pixel module attributes are missing or inconsistent with each other or with the Pixel Data. */
        INVALID_IMAGE(false),
        /** The compressed pixel data cannot be decoded (corrupt stream, decoder failure). */
        CORRUPT_PIXEL_DATA(false),
        /** The transfer syntax (or a variant of it, like 12-bit JPEG) is not supported. Names the UID. */
        UNSUPPORTED_TRANSFER_SYNTAX(true),
        /** Reading the input failed. */
        IO_ERROR(false);

        private final boolean unsupported;

        Reason(boolean unsupported) {
            this.unsupported = unsupported;
        }

        /** True when the input may be valid DICOM that this library does not handle (HTTP 415). */
        public boolean unsupported() {
            return unsupported;
        }
    }

    private final Reason reason;
    private final int tag;
    private final long offset;
    private final String detail;

    public DicomException(Reason reason, int tag, long offset, String detail) {
        this(reason, tag, offset, detail, null);
    }

    public DicomException(Reason reason, int tag, long offset, String detail, Throwable cause) {
        super(format(tag, offset, detail), cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
        this.tag = tag;
        this.offset = offset;
        this.detail = detail;
    }

    /** Builds the exception for an unsupported transfer syntax, naming its UID and registered name. */
    public static DicomException unsupportedTransferSyntax(String uid, String why) {
        String name = TransferSyntax.nameOf(uid);
        return new DicomException(Reason.UNSUPPORTED_TRANSFER_SYNTAX, NO_TAG, NO_OFFSET,
                "unsupported transfer syntax " + uid + " (" + name + ")" + (why == null ? "" : ": " + why));
    }

    private static String format(int tag, long offset, String detail) {
        StringBuilder sb = new StringBuilder();
        if (tag != NO_TAG) {
            sb.append(Tag.toString(tag));
        }
        if (offset != NO_OFFSET) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append("@ ").append(offset);
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        return sb.append(detail).toString();
    }

    public Reason reason() {
        return reason;
    }

    /** Tag of the element concerned, or {@link #NO_TAG}. */
    public int tag() {
        return tag;
    }

    /** Byte offset in the input, or {@link #NO_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** The message without tag and offset prefix. */
    public String detail() {
        return detail;
    }
}
