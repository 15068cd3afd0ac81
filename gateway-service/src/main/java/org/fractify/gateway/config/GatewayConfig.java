package org.fractify.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Gateway settings; each maps from an environment variable FRACTIFY_GATEWAY_*. */
@ConfigMapping(prefix = "fractify.gateway")
public interface GatewayConfig {

    /** How long POST /scan/analyse waits for the report before answering 202 (FRACTIFY_GATEWAY_SYNC_DEADLINE). */
    @WithDefault("10s")
    Duration syncDeadline();

    /** Secret mixed into every API-key hash; per installation, from the environment only. */
    String apiKeyPepper();

    /** Verified API keys kept in memory (docs/decisions/0020-api-key-cache.md). */
    ApiKeys apiKeys();

    /** How long and how many verified API keys are trusted without asking the database again. */
    interface ApiKeys {
        /**
         * How long a verified key is trusted without a lookup (FRACTIFY_GATEWAY_API_KEYS_CACHE_TTL): the bound
         * on how late a revocation made through another replica, or in the database, takes effect here. 0 turns
         * the cache off.
         */
        @WithDefault("5s")
        Duration cacheTtl();

        /** Most verified keys kept (FRACTIFY_GATEWAY_API_KEYS_CACHE_SIZE). */
        @WithDefault("10000")
        int cacheSize();
    }

    /** Bearer token for /admin endpoints; admin endpoints answer 404 when unset. */
    Optional<String> adminToken();

    /** Public base URL used in Location headers and heatmap URLs; defaults to the request's own. */
    Optional<String> publicUrl();

    /**
     * Largest request body accepted, in bytes (default 64 MiB). Base64 inflates an image by a third, so
     * this admits images of about 48 MiB.
     */
    @WithDefault("67108864")
    long maxBodyBytes();

    /** Image limits applied before and during decoding. */
    Images images();

    /** Limits on incoming images. */
    interface Images {
        /** Largest decoded image accepted, in pixels (a guard against decompression bombs). */
        @WithDefault("60000000")
        long maxPixels();

        /** Smallest side accepted, in pixels. */
        @WithDefault("32")
        int minSide();

        /** Longest side of the normalised image that travels to the models. */
        @WithDefault("512")
        int normalisedMaxSide();

        /** Most frames a DICOM file may declare (a 413 above); only one frame of a file is decoded. */
        @WithDefault("4096")
        int maxFrames();
    }

    /** Series mode: three or more DICOM files in one request (docs/decisions/0008-series-mode.md). */
    Series series();

    /** Limits and choices of series mode. */
    interface Series {
        /** Most files one request may carry (a 413 above). */
        @WithDefault("2000")
        int maxFiles();

        /** Slices of a series sent to inference: the representative one plus up to this many minus one. */
        @WithDefault("5")
        int candidates();

        /**
         * Largest scan-job record, in bytes (the serialised job and its pixel-free metadata header); candidates
         * farthest from the representative slice are left out to stay under it. Kafka refuses records above 1 MiB
         * by default.
         */
        @WithDefault("900000")
        int maxJobBytes();
    }
}
