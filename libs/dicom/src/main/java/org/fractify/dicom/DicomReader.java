package org.fractify.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.fractify.dicom.DicomException.Reason;

/**
 * Entry point: reads a DICOM Part 10 file (PS3.10 section 7: preamble, "DICM", File Meta Information, data set)
 * or a bare Implicit VR Little Endian data set into an immutable {@link DicomObject}.
 *
 * <p>Supported data set encodings: Implicit VR Little Endian, Explicit VR Little Endian, Explicit VR Big Endian,
 * Deflated Explicit VR Little Endian, and every encapsulated transfer syntax of {@link TransferSyntax} (their data
 * set is Explicit VR Little Endian). Pixel Data is decoded on demand by {@link PixelData#decodeFrame(int)}.
 *
 * <p>All failures, including hostile input, are reported as {@link DicomException}. The reader is stateless and
 * thread-safe.
 */
public final class DicomReader {

    private DicomReader() {
    }

    public static DicomObject read(byte[] data) {
        return read(data, ReadOptions.defaults());
    }

    /** Reads from a byte array (copied, so later changes to it do not affect the result). */
    public static DicomObject read(byte[] data, ReadOptions options) {
        if (data.length > options.maxBytes()) {
            throw tooLarge(data.length, options);
        }
        return new DataSetParser(options).parse(Arrays.copyOf(data, data.length));
    }

    public static DicomObject read(Path path) {
        return read(path, ReadOptions.defaults());
    }

    public static DicomObject read(Path path, ReadOptions options) {
        try {
            long size = Files.size(path);
            if (size > options.maxBytes()) {
                throw tooLarge(size, options);
            }
            try (InputStream in = Files.newInputStream(path)) {
                return new DataSetParser(options).parse(readBounded(in, options.maxBytes()));
            }
        } catch (IOException e) {
            throw new DicomException(Reason.IO_ERROR, DicomException.NO_TAG, DicomException.NO_OFFSET,
                    "cannot read " + path + ": " + e, e);
        }
    }

    public static DicomObject read(InputStream in) {
        return read(in, ReadOptions.defaults());
    }

    /** Reads the whole stream (up to {@link ReadOptions#maxBytes()}); the stream is not closed. */
    public static DicomObject read(InputStream in, ReadOptions options) {
        byte[] data;
        try {
            data = readBounded(in, options.maxBytes());
        } catch (IOException e) {
            throw new DicomException(Reason.IO_ERROR, DicomException.NO_TAG, DicomException.NO_OFFSET,
                    "cannot read input: " + e, e);
        }
        return new DataSetParser(options).parse(data);
    }

    private static byte[] readBounded(InputStream in, long max) throws IOException {
        byte[] buf = new byte[(int) Math.min(max + 1, 1 << 16)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > max) {
                    throw new DicomException(Reason.SIZE_LIMIT_EXCEEDED, DicomException.NO_TAG, max,
                            "input exceeds the limit of " + max + " bytes");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(Math.max(buf.length * 2L, 1), max + 1));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
            if (n > max) {
                throw new DicomException(Reason.SIZE_LIMIT_EXCEEDED, DicomException.NO_TAG, max,
                        "input exceeds the limit of " + max + " bytes");
            }
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    private static DicomException tooLarge(long size, ReadOptions options) {
        return new DicomException(Reason.SIZE_LIMIT_EXCEEDED, DicomException.NO_TAG, DicomException.NO_OFFSET,
                "input of " + size + " bytes exceeds the limit of " + options.maxBytes());
    }
}
