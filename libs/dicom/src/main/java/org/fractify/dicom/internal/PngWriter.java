package org.fractify.dicom.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Minimal PNG encoder (ISO/IEC 15948): 8- or 16-bit greyscale or RGB, no filtering, zlib-compressed IDAT.
 * Written by hand because ImageIO cannot write 16-bit RGB without a custom colour model. Internal API.
 */
public final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngWriter() {
    }

    /**
     * Writes {@code samples} (pixel-interleaved, row by row) keeping the low {@code bitDepth} bits of each value,
     * so signed values appear as two's complement.
     *
     * @param channels 1 (greyscale) or 3 (RGB)
     * @param bitDepth 8 or 16
     */
    public static void write(OutputStream out, int width, int height, int channels, int bitDepth, int[] samples)
            throws IOException {
        if (channels != 1 && channels != 3 || bitDepth != 8 && bitDepth != 16) {
            throw new IllegalArgumentException("channels " + channels + ", bit depth " + bitDepth);
        }
        if ((long) width * height * channels != samples.length) {
            throw new IllegalArgumentException("sample count mismatch");
        }
        out.write(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        writeInt(ihdr, width);
        writeInt(ihdr, height);
        ihdr.write(bitDepth);
        ihdr.write(channels == 1 ? 0 : 2); // colour type: greyscale or truecolour
        ihdr.write(0); // deflate
        ihdr.write(0); // adaptive filtering (filter type 0 used for every row)
        ihdr.write(0); // no interlace
        chunk(out, "IHDR", ihdr.toByteArray());

        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(6);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            int bytesPerSample = bitDepth / 8;
            byte[] row = new byte[1 + width * channels * bytesPerSample];
            int i = 0;
            for (int y = 0; y < height; y++) {
                int o = 1;
                for (int x = 0; x < width * channels; x++) {
                    int v = samples[i++];
                    if (bytesPerSample == 2) {
                        row[o++] = (byte) (v >>> 8);
                    }
                    row[o++] = (byte) v;
                }
                z.write(row);
            }
        } finally {
            deflater.end();
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream len = new ByteArrayOutputStream(4);
        writeInt(len, data.length);
        out.write(len.toByteArray());
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        ByteArrayOutputStream c = new ByteArrayOutputStream(4);
        writeInt(c, (int) crc.getValue());
        out.write(c.toByteArray());
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
