package org.fractify.dicom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fractify.dicom.DicomException;
import org.fractify.dicom.DicomObject;
import org.fractify.dicom.DicomReader;
import org.fractify.dicom.ImageDescriptor;
import org.fractify.dicom.PixelData;
import org.fractify.dicom.TransferSyntax;

/**
 * Decode throughput per transfer syntax: this library next to DCMTK (dcmdjpeg / dcmdjpls / dcmdrle to
 * decompress, then dcm2pnm to render every frame) on the same corpus files, in the same run.
 *
 * <p>Ours: read the file from memory, parse, decode every frame to stored values; one thread, after a
 * warm-up, repeated for {@code --seconds} per syntax. DCMTK: one process pipeline per file and repetition
 * (output in /dev/shm where it exists). A process pipeline pays its start-up (loading the dictionary,
 * ~10 ms) on every image, so DCMTK is shown twice: wall time, and net of the start-up measured on a 3x3
 * native image through the same tools ("net" is the fair per-image figure). MB/s counts decoded bytes
 * (rows x columns x samples x bytes per sample x frames); images/s counts frames.
 *
 * <p>Run: {@code ./fractify bench-dicom [--seconds S] [--runs N] [--corpus DIR]}.
 */
public final class DecodeBenchmark {

    private record Sample(Path path, String id, long decodedBytes, int frames, byte[] bytes) {
    }

    private record Result(double mbPerSecond, double imagesPerSecond) {
        static final Result NONE = new Result(Double.NaN, Double.NaN);
    }

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = 2;
        int runs = 5;
        boolean large = true;
        Path corpus = Paths.get("../shared/dicom-corpus");
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--no-large")) {
                large = false;
                i--;
                continue;
            }
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--corpus" -> corpus = Paths.get(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        corpus = corpus.toAbsolutePath().normalize();
        Map<String, List<Sample>> bySyntax = load(corpus);
        boolean dcmtk = onPath("dcm2pnm") && onPath("dcmdjpeg") && onPath("dcmdjpls") && onPath("dcmdrle");
        Path scratch = Files.createTempDirectory(Files.isDirectory(Paths.get("/dev/shm")) ? Paths.get("/dev/shm")
                : Paths.get(System.getProperty("java.io.tmpdir")), "fractify-bench");
        // start-up of a pipeline of one (dcm2pnm) and of two processes (decompressor + dcm2pnm) on a 3x3 image
        double[] startup = {Double.NaN, Double.NaN};
        Path tiny = findTiny(bySyntax);
        if (dcmtk && tiny != null) {
            startup[0] = best(tiny, "", scratch, Math.max(2 * runs, 10));
            startup[1] = best(tiny, "dcmdjpeg", scratch, Math.max(2 * runs, 10));
        }
        System.out.printf(Locale.ROOT, "Fractify DICOM decode benchmark: %s, Java %s, %d cores, load %.1f; DCMTK: %s%n",
                corpus, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                dcmtk ? version() + String.format(Locale.ROOT, ", pipeline start-up %.1f ms (dcm2pnm) / %.1f ms "
                        + "(decompressor + dcm2pnm)", startup[0] * 1000, startup[1] * 1000)
                        : "not installed (apt-get install dcmtk)");
        System.out.printf(Locale.ROOT, "%-52s %5s %6s | %9s %9s | %9s %9s %9s %9s | %7s%n", "transfer syntax", "files",
                "frames", "ours MB/s", "ours im/s", "DCMTK MB/s", "im/s", "net MB/s", "net im/s", "ours/DCMTK");
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, List<Sample>> e : bySyntax.entrySet()) {
            String uid = e.getKey();
            String tool = dcmtkTool(uid);
            List<Sample> samples = new ArrayList<>(e.getValue());
            if (dcmtk && tool != null) {
                // both sides measure the same files: those DCMTK cannot decode are named and left out
                samples.removeIf(s -> {
                    try {
                        pipeline(s.path(), tool, scratch);
                        return false;
                    } catch (Exception x) {
                        notes.add("DCMTK failed on " + s.id() + " (" + x.getMessage() + "); left out of " + uid);
                        return true;
                    }
                });
                if (samples.isEmpty()) {
                    continue;
                }
            }
            Result ours = ours(samples, seconds);
            Result wall = Result.NONE;
            Result net = Result.NONE;
            if (dcmtk && tool != null) {
                double wallSeconds = 0;
                for (Sample sample : samples) {
                    wallSeconds += best(sample.path(), tool, scratch, runs);
                }
                long bytes = samples.stream().mapToLong(Sample::decodedBytes).sum();
                int frames = samples.stream().mapToInt(Sample::frames).sum();
                wall = new Result(bytes / 1e6 / wallSeconds, frames / wallSeconds);
                double netSeconds = wallSeconds - samples.size() * startup[tool.isEmpty() ? 0 : 1];
                // below a quarter of the wall time the difference is start-up noise, not decoding
                if (netSeconds > wallSeconds / 4) {
                    net = new Result(bytes / 1e6 / netSeconds, frames / netSeconds);
                }
            }
            int frames = samples.stream().mapToInt(Sample::frames).sum();
            String ratio;
            if (tool == null || !dcmtk) {
                ratio = "n/a";
            } else if (Double.isNaN(net.imagesPerSecond())) {
                ratio = String.format(Locale.ROOT, ">%.1fx*", ours.imagesPerSecond() / (wall.imagesPerSecond() * 4 / 3));
                notes.add(uid + ": DCMTK's time is start-up bound (decoding < 1/4 of it); ratio shown against 4/3 of "
                        + "its wall rate, a lower bound");
            } else {
                ratio = String.format(Locale.ROOT, "%.2fx", ours.imagesPerSecond() / net.imagesPerSecond());
            }
            System.out.printf(Locale.ROOT, "%-52s %5d %6d | %9.1f %9.1f | %9s %9s %9s %9s | %7s%n",
                    truncate(uid + " " + TransferSyntax.nameOf(uid), 52), samples.size(), frames, ours.mbPerSecond(),
                    ours.imagesPerSecond(), fmt(wall.mbPerSecond()), fmt(wall.imagesPerSecond()),
                    fmt(net.mbPerSecond()), fmt(net.imagesPerSecond()), tool == null ? "no DCMTK codec" : ratio);
        }
        notes.forEach(n -> System.out.println("note: " + n));
        if (large && dcmtk) {
            largeImages(corpus, scratch, seconds, runs, startup);
        }
        try (Stream<Path> leftovers = Files.walk(scratch)) {
            leftovers.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The corpus's files are small, so DCMTK's per-process start-up hides its decoding time. Here each syntax
     * gets one large multi-frame image (4 frames of wg04 RG3's 1760 x 1760 10-bit radiograph, each shifted,
     * 8-bit for baseline JPEG), written natively here and encoded by DCMTK's own tools (dcmconv, dcmcjpeg,
     * dcmcjpls, dcmcrle), so start-up is a few percent of the time and both decoders read identical files.
     */
    private static void largeImages(Path corpus, Path scratch, double seconds, int runs, double[] startup)
            throws Exception {
        DicomObject source = DicomReader.read(corpus.resolve("files/wg04-nema/RG3_JPLY.dcm"));
        int[] values = source.pixelData().decodeFrame(0).toIntArray();
        int side = source.pixelData().descriptor().rows();
        int frames = 4;
        Path native16 = scratch.resolve("large16.dcm");
        Path native8 = scratch.resolve("large8.dcm");
        Files.write(native16, nativeMultiFrame(values, side, frames, 16, 10));
        Files.write(native8, nativeMultiFrame(values, side, frames, 8, 8));
        Map<String, String[]> encodings = new java.util.LinkedHashMap<>();
        encodings.put("1.2.840.10008.1.2", new String[] {"dcmconv", "+ti"});
        encodings.put("1.2.840.10008.1.2.1", new String[] {});
        encodings.put("1.2.840.10008.1.2.1.99", new String[] {"dcmconv", "+td"});
        encodings.put("1.2.840.10008.1.2.2", new String[] {"dcmconv", "+tb"});
        encodings.put("1.2.840.10008.1.2.4.50", new String[] {"dcmcjpeg", "+eb"});
        encodings.put("1.2.840.10008.1.2.4.51", new String[] {"dcmcjpeg", "+ee"});
        encodings.put("1.2.840.10008.1.2.4.57", new String[] {"dcmcjpeg", "+el"});
        encodings.put("1.2.840.10008.1.2.4.70", new String[] {"dcmcjpeg", "+e1"});
        encodings.put("1.2.840.10008.1.2.4.80", new String[] {"dcmcjpls", "+el"});
        encodings.put("1.2.840.10008.1.2.4.81", new String[] {"dcmcjpls", "+en"});
        encodings.put("1.2.840.10008.1.2.5", new String[] {"dcmcrle"});
        System.out.printf(Locale.ROOT, "%nLarge images: %d frames of %d x %d (wg04 RG3, 10 bits; 8 bits for baseline), "
                + "encoded by DCMTK; net = wall minus pipeline start-up%n", frames, side, side);
        System.out.printf(Locale.ROOT, "%-52s %9s | %9s %9s | %9s %9s %9s %9s | %7s%n", "transfer syntax", "file MB",
                "ours MB/s", "ours im/s", "DCMTK MB/s", "im/s", "net MB/s", "net im/s", "ours/DCMTK");
        for (Map.Entry<String, String[]> e : encodings.entrySet()) {
            String uid = e.getKey();
            Path in = uid.equals("1.2.840.10008.1.2.4.50") ? native8 : native16;
            Path file = scratch.resolve("large-" + uid + ".dcm");
            String[] encoder = e.getValue();
            if (encoder.length == 0) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                String[] command = java.util.Arrays.copyOf(encoder, encoder.length + 2);
                command[encoder.length] = in.toString();
                command[encoder.length + 1] = file.toString();
                run(command);
            }
            byte[] bytes = Files.readAllBytes(file);
            DicomObject o = DicomReader.read(bytes);
            if (!uid.equals(o.transferSyntaxUid())) {
                throw new IllegalStateException(String.join(" ", encoder) + " wrote " + o.transferSyntaxUid());
            }
            ImageDescriptor d = o.pixelData().descriptor();
            if (!TransferSyntax.of(uid).map(TransferSyntax::lossy).orElse(true)) {
                // lossless: what we decode must be what was encoded, frame for frame
                PixelData original = DicomReader.read(Files.readAllBytes(in)).pixelData();
                for (int f = 0; f < d.numberOfFrames(); f++) {
                    if (!java.util.Arrays.equals(o.pixelData().decodeFrame(f).toIntArray(),
                            original.decodeFrame(f).toIntArray())) {
                        throw new IllegalStateException(uid + ": frame " + f + " differs from the encoded image");
                    }
                }
            }
            long decoded = (long) d.rows() * d.columns() * Math.max(1, d.bitsAllocated() / 8) * d.numberOfFrames();
            List<Sample> one = List.of(new Sample(file, "large", decoded, d.numberOfFrames(), bytes));
            Result ours = ours(one, seconds);
            String tool = dcmtkTool(uid);
            double wallSeconds = best(file, tool, scratch, Math.max(2, runs / 2));
            double netSeconds = wallSeconds - startup[tool.isEmpty() ? 0 : 1];
            Result wall = new Result(decoded / 1e6 / wallSeconds, d.numberOfFrames() / wallSeconds);
            Result net = new Result(decoded / 1e6 / netSeconds, d.numberOfFrames() / netSeconds);
            System.out.printf(Locale.ROOT, "%-52s %9.1f | %9.1f %9.1f | %9.1f %9.1f %9.1f %9.1f | %6.2fx%n",
                    truncate(uid + " " + TransferSyntax.nameOf(uid), 52), bytes.length / 1e6, ours.mbPerSecond(),
                    ours.imagesPerSecond(), wall.mbPerSecond(), wall.imagesPerSecond(), net.mbPerSecond(),
                    net.imagesPerSecond(), ours.imagesPerSecond() / net.imagesPerSecond());
        }
    }

    /** A native Explicit VR Little Endian multi-frame grayscale SC file; frame k is the image rolled by 37 k rows. */
    private static byte[] nativeMultiFrame(int[] values, int side, int frames, int bitsAllocated, int bitsStored) {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        String sopClass = bitsAllocated == 8 ? "1.2.840.10008.5.1.4.1.1.7.2" : "1.2.840.10008.5.1.4.1.1.7.3";
        element(data, 0x00080016, "UI", ascii(sopClass, (byte) 0));
        element(data, 0x00080018, "UI", ascii("1.2.826.0.1.3680043.8.498.42." + bitsAllocated, (byte) 0));
        element(data, 0x00080060, "CS", ascii("OT", (byte) ' '));
        element(data, 0x00280002, "US", u16(1));
        element(data, 0x00280004, "CS", ascii("MONOCHROME2", (byte) ' '));
        element(data, 0x00280008, "IS", ascii(Integer.toString(frames), (byte) ' '));
        element(data, 0x00280010, "US", u16(side));
        element(data, 0x00280011, "US", u16(side));
        element(data, 0x00280100, "US", u16(bitsAllocated));
        element(data, 0x00280101, "US", u16(bitsStored));
        element(data, 0x00280102, "US", u16(bitsStored - 1));
        element(data, 0x00280103, "US", u16(0));
        int n = side * side;
        java.nio.ByteBuffer pixels = java.nio.ByteBuffer.allocate(n * frames * (bitsAllocated / 8))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            int shift = (37 * f % side) * side;
            for (int i = 0; i < n; i++) {
                int v = values[(i + shift) % n] & 0x3FF;
                if (bitsAllocated == 8) {
                    pixels.put((byte) (v >> 2));
                } else {
                    pixels.putShort((short) v);
                }
            }
        }
        element(data, 0x7FE00010, bitsAllocated == 8 ? "OB" : "OW", pixels.array());
        java.io.ByteArrayOutputStream meta = new java.io.ByteArrayOutputStream();
        element(meta, 0x00020001, "OB", new byte[] {0, 1});
        element(meta, 0x00020002, "UI", ascii(sopClass, (byte) 0));
        element(meta, 0x00020003, "UI", ascii("1.2.826.0.1.3680043.8.498.42." + bitsAllocated, (byte) 0));
        element(meta, 0x00020010, "UI", ascii("1.2.840.10008.1.2.1", (byte) 0));
        element(meta, 0x00020012, "UI", ascii("1.2.826.0.1.3680043.8.498", (byte) 0));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x00020000, "UL", java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(meta.size()).array());
        out.writeBytes(meta.toByteArray());
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    private static void element(java.io.ByteArrayOutputStream out, int tag, String vr, byte[] value) {
        boolean longForm = vr.equals("OB") || vr.equals("OW");
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(longForm ? 12 : 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            h.putShort((short) 0).putInt(value.length);
        } else {
            h.putShort((short) value.length);
        }
        out.writeBytes(h.array());
        out.writeBytes(value);
    }

    private static byte[] ascii(String s, byte pad) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 1) {
            b = java.util.Arrays.copyOf(b, b.length + 1);
            b[b.length - 1] = pad;
        }
        return b;
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    /** Corpus files our reader decodes, grouped by transfer syntax (files without a File Meta group skipped). */
    private static Map<String, List<Sample>> load(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("manifest.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int pathColumn = header.indexOf("path");
        int idColumn = header.indexOf("id");
        Map<String, List<Sample>> out = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            if (c.length <= pathColumn) {
                continue;
            }
            Path file = corpus.resolve(c[pathColumn]);
            byte[] bytes = Files.readAllBytes(file);
            try {
                DicomObject o = DicomReader.read(bytes);
                if (!o.hasPixelData() || o.transferSyntaxUid() == null || o.fileMetaInformation().isEmpty()) {
                    continue;
                }
                PixelData p = o.pixelData();
                ImageDescriptor d = p.descriptor();
                for (int f = 0; f < p.frameCount(); f++) {
                    p.decodeFrame(f);
                }
                long bytesPerSample = Math.max(1, d.bitsAllocated() / 8);
                long decoded = (long) d.rows() * d.columns() * d.samplesPerPixel() * bytesPerSample * p.frameCount();
                out.computeIfAbsent(o.transferSyntaxUid(), k -> new ArrayList<>())
                        .add(new Sample(file, c[idColumn], decoded, p.frameCount(), bytes));
            } catch (DicomException e) {
                System.err.println("skipped " + c[idColumn] + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static Result ours(List<Sample> samples, double seconds) {
        long bytes = 0;
        long frames = 0;
        // warm-up: let the JIT compile the decoders used by this syntax
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
        while (System.nanoTime() < warmEnd) {
            for (Sample s : samples) {
                decode(s);
            }
        }
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        int rounds = 0;
        while (System.nanoTime() < end || rounds < 3) {
            for (Sample s : samples) {
                decode(s);
                bytes += s.decodedBytes();
                frames += s.frames();
            }
            rounds++;
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Result(bytes / 1e6 / elapsed, frames / elapsed);
    }

    private static long sink;

    private static void decode(Sample s) {
        PixelData p = DicomReader.read(s.bytes()).pixelData();
        for (int f = 0; f < p.frameCount(); f++) {
            sink += p.decodeFrame(f).sampleCount();
        }
    }

    /** The DCMTK decompressor for a syntax; "" for native syntaxes (dcm2pnm alone); null when DCMTK has none. */
    private static String dcmtkTool(String uid) {
        return switch (uid) {
            case "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99" -> "";
            case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                    "1.2.840.10008.1.2.4.70" -> "dcmdjpeg";
            case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81" -> "dcmdjpls";
            case "1.2.840.10008.1.2.5" -> "dcmdrle";
            default -> null; // JPEG 2000 and the rest: not in DCMTK's free toolkit
        };
    }

    /** Best of {@code runs} timings of the DCMTK pipeline on one file, in seconds (discounts scheduler noise). */
    private static double best(Path file, String tool, Path scratch, int runs) throws Exception {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            pipeline(file, tool, scratch);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static void pipeline(Path in, String tool, Path scratch) throws Exception {
        Path source = in;
        if (!tool.isEmpty()) {
            source = scratch.resolve("decompressed.dcm");
            run(tool, in.toString(), source.toString());
        }
        run("dcm2pnm", "--all-frames", "--quiet", source.toString(), scratch.resolve("out").toString());
    }

    private static Path findTiny(Map<String, List<Sample>> bySyntax) {
        return bySyntax.getOrDefault("1.2.840.10008.1.2.1", List.of()).stream()
                .min(Comparator.comparingLong(Sample::decodedBytes)).map(Sample::path).orElse(null);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue());
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("dcm2pnm", "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("");
            p.waitFor();
            return first.replace("$", "").trim();
        } catch (IOException | InterruptedException e) {
            return "DCMTK";
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
