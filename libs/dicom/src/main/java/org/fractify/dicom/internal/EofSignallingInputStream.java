package org.fractify.dicom.internal;

import java.io.EOFException;
import java.io.IOException;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An in-memory ImageInputStream whose single-byte {@link #read()} throws {@link EOFException} at the end instead
 * of returning -1, and which remembers that the end was hit.
 *
 * <p>jai-imageio's JPEG 2000 packet header reader treats -1 as an endless run of 1 bits and loops forever on a
 * corrupt or truncated codestream; an {@link EOFException} is handled there as truncation. Internal API.
 */
final class EofSignallingInputStream extends ImageInputStreamImpl {

    private final byte[] data;
    private boolean endReached;

    EofSignallingInputStream(byte[] data) {
        this.data = data;
    }

    /** Whether a read went past the end of the data. */
    boolean endReached() {
        return endReached;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (streamPos >= data.length) {
            endReached = true;
            throw new EOFException("end of codestream");
        }
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            endReached = true;
            return -1;
        }
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }
}
