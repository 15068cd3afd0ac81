package org.fractify.gateway.service;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.fractify.contracts.Requester;

/**
 * API keys this replica verified in the last {@code ttl}, by the keys' HMAC (never the keys themselves), so a
 * request does not look its key up in the database each time (docs/decisions/0020-api-key-cache.md). At most
 * {@code maxSize} are kept; unknown keys are not kept, so a newly issued key works at once. A revocation through
 * this replica evicts the key at once, including from a lookup that was in flight while it was revoked.
 */
final class VerifiedKeys {

    private record Entry(Requester requester, long expiresAt) {
    }

    private final ConcurrentMap<String, Entry> byHash = new ConcurrentHashMap<>();
    /** Counts revocations: a lookup that started before one may have read the key as valid. */
    private final AtomicLong revocations = new AtomicLong();
    private final long ttlNanos;
    private final int maxSize;
    private final LongSupplier nanoClock;

    VerifiedKeys(Duration ttl, int maxSize, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.maxSize = maxSize;
        this.nanoClock = nanoClock;
    }

    /** The requester of a key verified within the last {@code ttl}. */
    Optional<Requester> get(String keyHash) {
        Entry entry = byHash.get(keyHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoClock.getAsLong() - entry.expiresAt() >= 0) {
            byHash.remove(keyHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.requester());
    }

    /** Taken before looking a key up, and handed to {@link #put} with what the lookup found. */
    long revocationsSeen() {
        return revocations.get();
    }

    /** Keeps a key the database found valid, unless a revocation happened since the lookup began. */
    void put(String keyHash, Requester requester, long revocationsSeen) {
        if (ttlNanos <= 0 || maxSize <= 0) {
            return;
        }
        if (byHash.size() >= maxSize) {
            makeRoom();
        }
        Entry entry = new Entry(requester, nanoClock.getAsLong() + ttlNanos);
        byHash.put(keyHash, entry);
        // put first, then check: a revocation either came before this check (seen here) or sweeps the entry
        if (revocations.get() != revocationsSeen) {
            byHash.remove(keyHash, entry);
        }
    }

    /** Forgets the key at once; call after the revocation is committed. */
    void revoked(String keyId) {
        revocations.incrementAndGet();
        byHash.values().removeIf(e -> keyId.equals(e.requester().keyId()));
    }

    int size() {
        return byHash.size();
    }

    private void makeRoom() {
        long now = nanoClock.getAsLong();
        byHash.values().removeIf(e -> now - e.expiresAt() >= 0);
        Iterator<String> any = byHash.keySet().iterator();
        while (byHash.size() >= maxSize && any.hasNext()) {
            any.next();
            any.remove();
        }
    }
}
