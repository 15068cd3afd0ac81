package org.fractify.webhook.client;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * POSTs one signed webhook. Every hop is checked by the {@link EndpointGuard} after DNS resolution and
 * the connection goes to the address that was checked (the host still names the request and the TLS
 * certificate), so a DNS answer that changes between check and connect cannot redirect the call.
 * Redirects are not followed unless the operator allows some, and then each hop is checked again. One
 * instance (and so one connection pool per endpoint) serves one lane, so critical deliveries never wait
 * for a connection that complete deliveries hold.
 */
public class WebhookSender {

    /** How an attempt ended. */
    public enum Kind {
        /** 2xx. */
        DELIVERED,
        /** Timeout, network error, 408, 429 or 5xx: try again later. */
        RETRY,
        /** Any other answer (4xx, an unfollowed redirect) or a refused address: retrying cannot help. */
        GIVE_UP
    }

    /**
     * @param statusCode the HTTP status, null when there was no answer
     * @param latencyMs  from sending the request to the answer's headers (or the failure)
     * @param error      a short reason, safe to show the webhook's owner; null on success
     * @param retryAfter the receiver's Retry-After on 429 and 503
     */
    public record Result(Kind kind, Integer statusCode, long latencyMs, String error, Optional<Duration> retryAfter) {
    }

    /** The lane's HTTP settings. */
    public record Settings(Duration timeout, Duration connectTimeout, int perEndpointConnections, int followRedirects,
            String userAgent) {
    }

    private final Vertx vertx;
    private final EndpointGuard guard;
    private final Settings settings;
    private final HttpClient client;

    public WebhookSender(Vertx vertx, EndpointGuard guard, Settings settings) {
        this(vertx, guard, settings, null);
    }

    /** With {@code trust} instead of the JDK's trusted CAs: for tests of the TLS path against a local receiver. */
    WebhookSender(Vertx vertx, EndpointGuard guard, Settings settings, TrustOptions trust) {
        this.vertx = vertx;
        this.guard = guard;
        this.settings = settings;
        HttpClientOptions options = new HttpClientOptions();
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        this.client = vertx.createHttpClient(options
                .setMaxPoolSize(Math.max(1, settings.perEndpointConnections()))
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setVerifyHost(true)
                .setTryUseCompression(false)
                .setMaxWaitQueueSize(-1)
                .setName("webhooks"));
    }

    public Uni<Result> send(String url, String messageId, String body, List<String> secrets) {
        return hop(url, messageId, body, secrets, settings.followRedirects());
    }

    public Uni<Void> close() {
        return client.close();
    }

    private Uni<Result> hop(String url, String messageId, String body, List<String> secrets, int redirectsLeft) {
        long t0 = System.nanoTime();
        return vertx.<EndpointGuard.Target>executeBlocking(Uni.createFrom().item(() -> {
                    try {
                        return guard.resolve(url);
                    } catch (EndpointGuard.Refused e) {
                        throw new RefusedAtDelivery(e.getMessage());
                    } catch (UnknownHostException e) {
                        throw new UnresolvedHost();
                    }
                }), false) // unordered: one slow DNS answer must not hold up other endpoints
                .flatMap(target -> post(target, messageId, body, secrets, t0).flatMap(result -> {
                    if (result.redirect != null && redirectsLeft > 0) {
                        String next;
                        try {
                            next = target.uri().resolve(result.redirect).toString();
                        } catch (IllegalArgumentException e) {
                            return Uni.createFrom().item(new Result(Kind.GIVE_UP, result.result.statusCode(),
                                    result.result.latencyMs(), "redirect to an invalid Location", Optional.empty()));
                        }
                        return hop(next, messageId, body, secrets, redirectsLeft - 1);
                    }
                    return Uni.createFrom().item(result.result);
                }))
                .onFailure().recoverWithItem(t -> failure(t, ms(t0)));
    }

    private record HopResult(Result result, String redirect) {
    }

    private Uni<HopResult> post(EndpointGuard.Target target, String messageId, String body, List<String> secrets, long t0) {
        long timestamp = Instant.now().getEpochSecond();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(bareHost(target.host()))
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .setIdleTimeout(settings.timeout().toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", settings.userAgent())
                .putHeader("webhook-id", messageId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", WebhookSigner.signature(secrets, messageId, timestamp, body));
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        return client.request(options)
                .invoke(request::set)
                .flatMap(req -> req.send(Buffer.buffer(body)))
                .flatMap(resp -> {
                    long latency = ms(t0);
                    resp.handler(chunk -> { }); // the body is not needed; drain it so the connection can be reused
                    return resp.end().onFailure().recoverWithNull().replaceWith(() -> classify(resp, latency));
                })
                .ifNoItem().after(settings.timeout()).failWith(TimeoutException::new)
                .onFailure(TimeoutException.class).invoke(() -> {
                    HttpClientRequest req = request.get();
                    if (req != null) {
                        req.reset();
                    }
                });
    }

    private static HopResult classify(HttpClientResponse resp, long latency) {
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
            return new HopResult(new Result(Kind.DELIVERED, status, latency, null, Optional.empty()), null);
        }
        if (status >= 300 && status < 400) {
            String location = resp.getHeader("location");
            return new HopResult(new Result(Kind.GIVE_UP, status, latency,
                    "HTTP " + status + ": redirects are not followed; configure the final URL", Optional.empty()),
                    location);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> retryAfter = status == 429 || status == 503
                    ? retryAfter(resp.getHeader("retry-after"), Instant.now()) : Optional.empty();
            return new HopResult(new Result(Kind.RETRY, status, latency, "HTTP " + status, retryAfter), null);
        }
        return new HopResult(new Result(Kind.GIVE_UP, status, latency,
                "HTTP " + status + ": the receiver rejected the message; not retried", Optional.empty()), null);
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110 section 10.2.3). */
    public static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String v = header.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Optional.of(Duration.between(now, at)) : Optional.of(Duration.ZERO);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private Result failure(Throwable t, long latency) {
        if (t instanceof RefusedAtDelivery r) {
            return new Result(Kind.GIVE_UP, null, latency, "refused: " + r.getMessage(), Optional.empty());
        }
        String why;
        if (t instanceof UnresolvedHost) {
            why = "the host does not resolve";
        } else if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
            why = "timed out after " + settings.timeout().toMillis() + " ms";
        } else if (t instanceof ConnectException) {
            why = "connection refused or unreachable";
        } else if (t instanceof SSLException || (t.getCause() instanceof SSLException)) {
            why = "TLS handshake failed";
        } else {
            why = "network error (" + t.getClass().getSimpleName() + ")";
        }
        return new Result(Kind.RETRY, null, latency, why, Optional.empty());
    }

    private static String bareHost(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The guard refused the (resolved) destination. */
    private static final class RefusedAtDelivery extends RuntimeException {
        RefusedAtDelivery(String reason) {
            super(reason, null, false, false);
        }
    }

    /** DNS gave no answer; transient as far as we know. */
    private static final class UnresolvedHost extends RuntimeException {
        UnresolvedHost() {
            super("unresolved", null, false, false);
        }
    }
}
