package org.fractify.dicom.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.fractify.dicom.DicomException;
import org.fractify.dicom.DicomObject;
import org.fractify.dicom.DicomReader;
import org.fractify.dicom.Frame;
import org.fractify.dicom.ImageDescriptor;
import org.fractify.dicom.PixelData;
import org.fractify.dicom.internal.PngWriter;

/**
 * {@code DicomDecode IN.dcm OUT.png}: decodes every frame of a DICOM file to STORED values and writes them in the
 * golden format of the DICOM corpus: a PNG (16-bit when Bits Allocated is 16, else 8-bit; grey or RGB; frames
 * stacked vertically; signed values as two's complement), or, for Bits Allocated 32 and float data, a
 * {@code .raw} file (little endian int32/float32/float64, C order frames x rows x columns x samples) written
 * next to OUT with its extension replaced by {@code .raw}.
 *
 * <p>Prints the written path on stdout and exits 0; on failure prints one line on stderr and exits 2 (usage),
 * 3 (unsupported transfer syntax), 4 (invalid or corrupt DICOM) or 5 (cannot write the output).
 */
public final class DicomDecode {

    public static final int EXIT_USAGE = 2;
    public static final int EXIT_UNSUPPORTED = 3;
    public static final int EXIT_INVALID = 4;
    public static final int EXIT_IO = 5;

    private DicomDecode() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (for callers that must not exit the JVM). */
    public static int run(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: DicomDecode IN.dcm OUT.png");
            return EXIT_USAGE;
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try {
            Path written = decode(in, out);
            System.out.println(written);
            return 0;
        } catch (DicomException e) {
            System.err.println("dicom-decode: " + e.reason() + ": " + oneLine(e.getMessage()));
            return e.reason().unsupported() ? EXIT_UNSUPPORTED : EXIT_INVALID;
        } catch (IOException | RuntimeException e) {
            System.err.println("dicom-decode: cannot write " + out + ": " + oneLine(String.valueOf(e)));
            return EXIT_IO;
        }
    }

    /** Decodes {@code in} and writes the golden-format file; returns the path written. */
    public static Path decode(Path in, Path out) throws IOException {
        DicomObject dicom = DicomReader.read(in);
        PixelData pixels = dicom.pixelData();
        ImageDescriptor d = pixels.descriptor();
        int frames = pixels.frameCount();
        Frame[] decoded = new Frame[frames];
        for (int i = 0; i < frames; i++) {
            decoded[i] = pixels.decodeFrame(i);
        }
        boolean raw = d.sampleType() != Frame.SampleType.INT || d.bitsAllocated() == 32;
        Path target = raw ? withExtension(out, ".raw") : out;
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, ".dicom-decode", ".tmp");
        try {
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                if (raw) {
                    writeRaw(os, decoded);
                } else {
                    writePng(os, decoded, d.bitsAllocated() == 16 ? 16 : 8);
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static void writePng(OutputStream os, Frame[] frames, int bitDepth) throws IOException {
        Frame first = frames[0];
        int perFrame = first.sampleCount();
        int[] all = new int[perFrame * frames.length];
        for (int i = 0; i < frames.length; i++) {
            frames[i].intBuffer().get(all, i * perFrame, perFrame);
        }
        PngWriter.write(os, first.columns(), first.rows() * frames.length, first.samplesPerPixel(), bitDepth, all);
    }

    private static void writeRaw(OutputStream os, Frame[] frames) throws IOException {
        for (Frame f : frames) {
            int n = f.sampleCount();
            int size = f.sampleType() == Frame.SampleType.FLOAT64 ? 8 : 4;
            ByteBuffer bb = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
            if (f.sampleType() == Frame.SampleType.INT) {
                bb.asIntBuffer().put(f.intBuffer());
            } else if (f.sampleType() == Frame.SampleType.FLOAT32) {
                for (double v : f.toDoubleArray()) {
                    bb.putFloat((float) v);
                }
            } else {
                for (double v : f.toDoubleArray()) {
                    bb.putDouble(v);
                }
            }
            os.write(bb.array());
        }
    }

    private static Path withExtension(Path p, String ext) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return p.resolveSibling(base + ext);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
