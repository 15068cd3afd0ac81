package org.fractify.dicom.internal;

/**
 * A codec refused a frame: the stream is corrupt, or it uses a feature no codec of this library decodes. The
 * codecs know neither the element nor the frame, so {@code PixelData} turns this into a {@code DicomException}
 * that names them (and the transfer syntax, for an unsupported feature). Internal API.
 */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean unsupported;

    public CodecException(boolean unsupported, String message) {
        this(unsupported, message, null);
    }

    public CodecException(boolean unsupported, String message, Throwable cause) {
        super(message, cause);
        this.unsupported = unsupported;
    }

    /** A damaged stream, the message prefixed with the codec, e.g. {@code JPEG-LS: stream ends inside a marker}. */
    public static CodecException corrupt(String codec, String detail) {
        return new CodecException(false, codec + ": " + detail);
    }

    /** A valid stream using {@code feature}, which this library does not decode. */
    public static CodecException unsupported(String codec, String feature) {
        return new CodecException(true, codec + ": " + feature + " is not supported");
    }

    /** True when the stream may be valid but uses a feature this library does not decode (HTTP 415). */
    public boolean unsupported() {
        return unsupported;
    }
}
