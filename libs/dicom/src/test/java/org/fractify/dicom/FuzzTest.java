package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fractify.dicom.internal.CodecException;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing over corpus files: random byte substitutions, truncations, length fields spliced with
 * hostile values, duplicated and deleted ranges. Every input must either decode or fail with
 * {@link DicomException}, each within a bounded time. Runs {@code fractify.fuzz.seconds} (default 20) seconds
 * with seed {@code fractify.fuzz.seed}; a failing input is saved under target/fuzz-failures.
 */
class FuzzTest {

    private static final long PER_INPUT_LIMIT_MS = 5_000;
    private static final int MAX_SEED_FILE = 300_000;
    private static final long[] HOSTILE = {0xFFFFFFFFL, 0xFFFFFFF0L, 0x7FFFFFFFL, 0x80000000L, 0, 1, 2, 3, 0xFFFE,
            0xFFFF, 0x10000};

    @Test
    void mutatedCorpusFilesFailOnlyWithDicomException() throws Exception {
        long seconds = Long.getLong("fractify.fuzz.seconds", 20);
        long seed = Long.getLong("fractify.fuzz.seed", 20240601L);
        List<byte[]> seeds = seeds();
        assertThat(seeds).hasSizeGreaterThan(20);
        Random random = new Random(seed);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int iterations = 0;
        int accepted = 0;
        long slowest = 0;
        try {
            while (System.nanoTime() < deadline) {
                int which = random.nextInt(seeds.size());
                byte[] input = mutate(seeds.get(which), random);
                iterations++;
                long t0 = System.nanoTime();
                Future<Boolean> f = worker.submit(() -> readAndDecode(input));
                try {
                    if (f.get(PER_INPUT_LIMIT_MS, TimeUnit.MILLISECONDS)) {
                        accepted++;
                    }
                } catch (TimeoutException e) {
                    f.cancel(true);
                    save(seed, iterations, input);
                    fail("iteration " + iterations + " (seed " + seed + ") took longer than " + PER_INPUT_LIMIT_MS
                            + " ms");
                } catch (ExecutionException e) {
                    save(seed, iterations, input);
                    throw new AssertionError("iteration " + iterations + " (seed " + seed + ", from seed file "
                            + which + ") threw " + e.getCause(), e.getCause());
                }
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
        } finally {
            worker.shutdownNow();
        }
        System.out.printf("fuzz: %d inputs in %d s (seed %d), %d decoded, %d refused, slowest %d ms%n", iterations,
                seconds, seed, accepted, iterations - accepted, TimeUnit.NANOSECONDS.toMillis(slowest));
        assertThat(iterations).isGreaterThan(0);
    }

    /** True when decoded, false when refused with DicomException; anything else propagates. */
    static boolean readAndDecode(byte[] input) {
        try {
            DicomObject o = DicomReader.read(input);
            o.getString(Tag.PatientID);
            o.getDoubles(Tag.ImagePositionPatient);
            if (!o.hasPixelData()) {
                return true;
            }
            PixelData p = o.pixelData();
            for (int i = 0; i < p.frameCount(); i++) {
                p.decodeFrame(i);
            }
            return true;
        } catch (DicomException e) {
            if (e.reason() == null || e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("DicomException without reason or message", e);
            }
            // Failures of the decoder libraries are wrapped by design; a runtime exception thrown by this
            // library's own code (an index out of bounds in a codec, say) is a bug even when wrapped; a
            // CodecException is a codec's deliberate refusal.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException && !(cause instanceof DicomException)
                    && !(cause instanceof CodecException)
                    && cause.getStackTrace().length > 0
                    && cause.getStackTrace()[0].getClassName().startsWith("org.fractify.")) {
                throw new AssertionError("internal error wrapped as " + e.reason(), cause);
            }
            return false;
        }
    }

    static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            switch (r.nextInt(7)) {
                case 0: { // random byte substitutions anywhere
                    int n = 1 + r.nextInt(16);
                    for (int i = 0; i < n; i++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    break;
                }
                case 1: { // substitutions in the header region, where the structure is
                    int n = 1 + r.nextInt(8);
                    int span = Math.min(b.length, 4096);
                    for (int i = 0; i < n; i++) {
                        b[r.nextInt(span)] ^= (byte) (1 << r.nextInt(8));
                    }
                    break;
                }
                case 2: // truncation
                    b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                    break;
                case 3: { // splice a hostile 32-bit or 16-bit length at a random even offset
                    if (b.length < 8) {
                        break;
                    }
                    int at = r.nextInt(b.length - 4) & ~1;
                    long v = r.nextBoolean() ? HOSTILE[r.nextInt(HOSTILE.length)] : r.nextLong() & 0xFFFFFFFFL;
                    b[at] = (byte) v;
                    b[at + 1] = (byte) (v >> 8);
                    if (r.nextBoolean()) {
                        b[at + 2] = (byte) (v >> 16);
                        b[at + 3] = (byte) (v >> 24);
                    }
                    break;
                }
                case 4: { // duplicate a range elsewhere
                    if (b.length < 16) {
                        break;
                    }
                    int from = r.nextInt(b.length);
                    int len = Math.min(r.nextInt(512), b.length - from);
                    int to = r.nextInt(b.length);
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, to);
                    System.arraycopy(b, from, out, to, len);
                    System.arraycopy(b, to, out, to + len, b.length - to);
                    b = out;
                    break;
                }
                case 5: { // delete a range
                    if (b.length < 16) {
                        break;
                    }
                    int from = r.nextInt(b.length);
                    int len = Math.min(1 + r.nextInt(256), b.length - from);
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, from);
                    System.arraycopy(b, from + len, out, from, b.length - from - len);
                    b = out;
                    break;
                }
                default: { // damage the compressed pixel stream: flips near the end of the file
                    int n = 1 + r.nextInt(8);
                    for (int i = 0; i < n && b.length > 0; i++) {
                        int at = b.length - 1 - r.nextInt(Math.max(1, Math.min(b.length, b.length / 2)));
                        b[at] = (byte) r.nextInt(256);
                    }
                }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }

    private static List<byte[]> seeds() {
        Path dir = SharedData.dicomCorpus();
        List<byte[]> out = new ArrayList<>();
        for (Map<String, String> row : SharedData.dicomManifest()) {
            Path p = dir.resolve(row.get("path"));
            try {
                if (Files.size(p) <= MAX_SEED_FILE) {
                    out.add(Files.readAllBytes(p));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void save(long seed, int iteration, byte[] input) {
        try {
            Path dir = Paths.get("target", "fuzz-failures");
            Files.createDirectories(dir);
            Files.write(dir.resolve("seed" + seed + "-iter" + iteration + ".dcm"), input);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
