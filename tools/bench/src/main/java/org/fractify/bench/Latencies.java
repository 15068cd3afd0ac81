package org.fractify.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The requests of one load level: each latency, the wall time of the whole level and how many did not answer
 * 200.
 *
 * @param millis   latency of each request, in milliseconds
 * @param seconds  wall time from the first request to the last answer
 * @param failures requests answered other than 200
 */
record Latencies(List<Double> millis, double seconds, int failures) {

    Latencies {
        millis = List.copyOf(millis);
    }

    /** The nearest-rank percentile ({@code q} in (0, 1]): the smallest latency at least a share q of all reach. */
    double percentile(double q) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** Requests per second over the level's wall time. */
    double perSecond() {
        return millis.size() / seconds;
    }
}
