package org.fractify.webhook.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The events a webhook can subscribe to, and the test event. */
public enum WebhookEvent {
    /** Every completed analysis. */
    ANALYSIS_COMPLETE("analysis.complete", Lane.COMPLETE, true),
    /** A completed analysis of urgency 4 or 5; sent on the critical lane, never behind analysis.complete. */
    ANALYSIS_CRITICAL("analysis.critical", Lane.CRITICAL, true),
    /** Sent by POST /webhooks/{id}/test; not subscribable. */
    TEST("webhook.test", Lane.CRITICAL, false);

    /** The worker pool a delivery is served by. */
    public enum Lane {
        COMPLETE("complete"),
        CRITICAL("critical");

        private final String dbName;

        Lane(String dbName) {
            this.dbName = dbName;
        }

        public String dbName() {
            return dbName;
        }
    }

    private final String wireName;
    private final Lane lane;
    private final boolean subscribable;

    WebhookEvent(String wireName, Lane lane, boolean subscribable) {
        this.wireName = wireName;
        this.lane = lane;
        this.subscribable = subscribable;
    }

    public String wireName() {
        return wireName;
    }

    public Lane lane() {
        return lane;
    }

    public static Optional<WebhookEvent> subscribable(String name) {
        return Arrays.stream(values()).filter(e -> e.subscribable && e.wireName.equals(name)).findFirst();
    }

    public static Optional<WebhookEvent> fromWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
    }

    /** "analysis.complete, analysis.critical", for messages. */
    public static String subscribableNames() {
        return Arrays.stream(values()).filter(e -> e.subscribable).map(WebhookEvent::wireName)
                .collect(Collectors.joining(", "));
    }
}
