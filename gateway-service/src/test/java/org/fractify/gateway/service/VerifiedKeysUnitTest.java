package org.fractify.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.fractify.contracts.Requester;
import org.junit.jupiter.api.Test;

/** The verified-key cache on a clock the test moves. */
class VerifiedKeysUnitTest {

    private static final Requester A = new Requester("tenant-a", "pacs", "key_a");
    private static final Requester B = new Requester("tenant-b", "emr", "key_b");

    private final AtomicLong now = new AtomicLong(1_000);
    private final VerifiedKeys keys = new VerifiedKeys(Duration.ofSeconds(5), 100, now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aVerifiedKeyIsTrustedForTheTtlAndNoLonger() {
        keys.put("hash-a", A, keys.revocationsSeen());
        advance(Duration.ofMillis(4_999));
        assertThat(keys.get("hash-a")).contains(A);
        advance(Duration.ofMillis(1));
        assertThat(keys.get("hash-a")).isEmpty();
        assertThat(keys.size()).isZero();
    }

    @Test
    void aRevokedKeyIsForgottenAtOnceAndOnlyThatKey() {
        keys.put("hash-a", A, keys.revocationsSeen());
        keys.put("hash-b", B, keys.revocationsSeen());
        keys.revoked("key_a");
        assertThat(keys.get("hash-a")).isEmpty();
        assertThat(keys.get("hash-b")).contains(B);
    }

    @Test
    void aLookupInFlightWhileTheKeyIsRevokedIsNotKept() {
        long seen = keys.revocationsSeen();
        // the lookup read the key as valid; then the key was revoked before the lookup's answer was kept
        keys.revoked("key_a");
        keys.put("hash-a", A, seen);
        assertThat(keys.get("hash-a")).isEmpty();
    }

    @Test
    void atMostMaxSizeKeysAreKept() {
        VerifiedKeys two = new VerifiedKeys(Duration.ofSeconds(5), 2, now::get);
        for (int i = 0; i < 10; i++) {
            two.put("hash-" + i, new Requester("t", "i", "key_" + i), two.revocationsSeen());
            assertThat(two.size()).isLessThanOrEqualTo(2);
        }
        assertThat(two.get("hash-9")).isPresent();
    }

    @Test
    void aTtlOfZeroKeepsNothing() {
        VerifiedKeys off = new VerifiedKeys(Duration.ZERO, 100, now::get);
        off.put("hash-a", A, off.revocationsSeen());
        assertThat(off.get("hash-a")).isEmpty();
    }
}
