package org.fractify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankWhateverTheOrderOfArrival() {
        List<Double> ms = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            ms.add((double) i);
        }
        Collections.shuffle(ms, new java.util.Random(3));
        Latencies l = new Latencies(ms, 4.0, 0);
        assertThat(l.percentile(0.50)).isEqualTo(50.0);
        assertThat(l.percentile(0.95)).isEqualTo(95.0);
        assertThat(l.percentile(0.99)).isEqualTo(99.0);
        assertThat(l.percentile(1.0)).isEqualTo(100.0);
    }

    @Test
    void aPercentileBetweenRanksRoundsUpToTheNextRequest() {
        // 7 requests: rank ceil(0.5 * 7) = 4, ceil(0.95 * 7) = 7
        Latencies l = new Latencies(List.of(70.0, 10.0, 60.0, 20.0, 50.0, 30.0, 40.0), 1.0, 0);
        assertThat(l.percentile(0.50)).isEqualTo(40.0);
        assertThat(l.percentile(0.95)).isEqualTo(70.0);
        assertThat(l.percentile(0.01)).isEqualTo(10.0);
    }

    @Test
    void oneRequestIsEveryPercentileAndNoneIsNone() {
        assertThat(new Latencies(List.of(12.5), 1.0, 0).percentile(0.5)).isEqualTo(12.5);
        assertThat(new Latencies(List.of(), 1.0, 0).percentile(0.5)).isNaN();
    }

    @Test
    void throughputIsRequestsOverWallTime() {
        assertThat(new Latencies(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 2.0, 1).perSecond()).isEqualTo(2.5);
    }
}
