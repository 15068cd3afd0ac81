package org.fractify.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Properties;

/**
 * The two speed goals the benchmark checks, read from {@code goals.properties} next to this class.
 *
 * @param maxLatencyRatio    end-to-end p50 at concurrency 1 may be at most this many times the bare-scan p50
 * @param minThroughputShare end-to-end throughput at concurrency 8 must be at least this share of the bare one
 */
public record Goals(double maxLatencyRatio, double minThroughputShare) {

    static final String RESOURCE = "goals.properties";

    /** The shipped goals. */
    public static Goals shipped() {
        Properties p = new Properties();
        try (InputStream in = Goals.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing next to " + Goals.class.getName());
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Goals(number(p, "latency.max-ratio"), number(p, "throughput.min-share"));
    }

    private static double number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(RESOURCE + " has no " + key);
        }
        return Double.parseDouble(v.strip());
    }

    boolean latencyMet(double endToEndP50, double bareP50) {
        return endToEndP50 / bareP50 <= maxLatencyRatio;
    }

    boolean throughputMet(double endToEndPerSecond, double barePerSecond) {
        return endToEndPerSecond / barePerSecond >= minThroughputShare;
    }

    /** The ratio as the goal line writes it: {@code 2}, {@code 1.5}. */
    String latencyRatioText() {
        return plain(maxLatencyRatio);
    }

    /** The share in percent as the goal line writes it: {@code 70}. */
    String throughputPercentText() {
        return plain(new BigDecimal(Double.toString(minThroughputShare)).movePointRight(2));
    }

    private static String plain(double v) {
        return plain(new BigDecimal(Double.toString(v)));
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
