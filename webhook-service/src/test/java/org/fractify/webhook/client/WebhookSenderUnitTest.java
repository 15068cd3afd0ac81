package org.fractify.webhook.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fractify.webhook.Receiver;
import org.fractify.webhook.client.WebhookSender.Kind;
import org.fractify.webhook.client.WebhookSender.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sender against real HTTP receivers: classification, pinning and the SSRF guard on redirects. */
class WebhookSenderUnitTest {

    private static Vertx vertx;
    private static final String SECRET = WebhookSigner.newSecret();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    /** "receiver.test" does not exist in DNS: this resolver pins it to 127.0.0.1. */
    private static EndpointGuard guard(String... allow) {
        return new EndpointGuard(List.of(allow), host -> {
            if (host.equals("receiver.test")) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            }
            if (host.matches("[0-9.]+")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        });
    }

    private static WebhookSender sender(EndpointGuard guard, Duration timeout, int redirects) {
        return new WebhookSender(vertx, guard, new WebhookSender.Settings(timeout, Duration.ofSeconds(1), 4, redirects,
                "test"));
    }

    private static Result send(WebhookSender sender, String url) {
        return sender.send(url, "msg_test", "{\"a\":1}", List.of(SECRET)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void connectsToTheCheckedAddressAndNamesTheHost() {
        try (Receiver r = Receiver.answering(204)) {
            Result result = send(sender(guard("receiver.test"), Duration.ofSeconds(2), 0),
                    "http://receiver.test:" + r.port() + "/hook?x=1");
            assertThat(result.kind()).isEqualTo(Kind.DELIVERED);
            assertThat(result.statusCode()).isEqualTo(204);
            Receiver.Request got = r.requests().get(0);
            assertThat(got.header("host")).isEqualTo("receiver.test:" + r.port());
            assertThat(got.path()).isEqualTo("/hook");
            assertThat(got.header("content-type")).isEqualTo("application/json");
            assertThat(got.header("webhook-id")).isEqualTo("msg_test");
            long ts = Long.parseLong(got.header("webhook-timestamp"));
            assertThat(Math.abs(ts - Instant.now().getEpochSecond())).isLessThan(10);
            assertThat(got.header("webhook-signature")).isEqualTo(WebhookSigner.sign(SECRET, "msg_test", ts, "{\"a\":1}"));
        }
    }

    /**
     * https to a pinned address: the TLS handshake must name and verify the URL's host, not the address
     * connected to. A certificate for another name fails the attempt.
     */
    @Test
    void tlsNamesAndVerifiesTheHostWhileConnectingToTheCheckedAddress(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path good = certificate(dir, "receiver.test");
        java.nio.file.Path other = certificate(dir, "other.test");
        // trust both certificates, so only the name check can fail
        io.vertx.core.net.PemTrustOptions trust = new io.vertx.core.net.PemTrustOptions()
                .addCertPath(good.resolveSibling("receiver.test.pem").toString())
                .addCertPath(other.resolveSibling("other.test.pem").toString());
        java.util.List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (java.nio.file.Path keystore : List.of(good, other)) {
            io.vertx.mutiny.core.http.HttpServer server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                    .setSsl(true).setHost("127.0.0.1").setKeyCertOptions(new io.vertx.core.net.PfxOptions()
                            .setPath(keystore.toString()).setPassword("changeit")))
                    .requestHandler(req -> {
                        hosts.add(req.getHeader("host"));
                        req.response().setStatusCode(200).endAndForget();
                    });
            int port = server.listenAndAwait(0).actualPort();
            WebhookSender tls = new WebhookSender(vertx, guard("receiver.test:" + port),
                    new WebhookSender.Settings(Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 0, "test"), trust);
            Result r = send(tls, "https://receiver.test:" + port + "/hook");
            if (keystore == good) {
                assertThat(r.kind()).as(String.valueOf(r.error())).isEqualTo(Kind.DELIVERED);
                assertThat(hosts).containsExactly("receiver.test:" + port);
            } else {
                assertThat(r.kind()).isEqualTo(Kind.RETRY);
                assertThat(r.error()).contains("TLS");
                assertThat(hosts).hasSize(1);
            }
            tls.close().await().indefinitely();
            server.closeAndAwait();
        }
    }

    /** A self-signed certificate for {@code name} (keytool, so no extra library): PKCS12 store plus a PEM copy. */
    private static java.nio.file.Path certificate(java.nio.file.Path dir, String name) throws Exception {
        String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        java.nio.file.Path store = dir.resolve(name + ".p12");
        run(keytool, "-genkeypair", "-alias", "k", "-keyalg", "EC", "-dname", "CN=" + name, "-ext", "SAN=dns:" + name,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "k", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", dir.resolve(name + ".pem").toString());
        return store;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    @Test
    void redirectsAreNotFollowedByDefault() {
        try (Receiver landing = Receiver.answering(200);
                Receiver r = new Receiver(n -> new Receiver.Reply(302, Map.of("Location", landing.url("/landing")), 0))) {
            Result result = send(sender(guard("127.0.0.1"), Duration.ofSeconds(2), 0), r.url("/hook"));
            assertThat(result.kind()).isEqualTo(Kind.GIVE_UP);
            assertThat(result.statusCode()).isEqualTo(302);
            assertThat(result.error()).contains("redirects are not followed");
            assertThat(landing.count()).isZero();
        }
    }

    @Test
    void followedRedirectsAreCheckedAgainAtEveryHop() {
        try (Receiver landing = Receiver.answering(200);
                Receiver toAllowed = new Receiver(n -> new Receiver.Reply(307, Map.of("Location", landing.url("/in")), 0));
                Receiver toLoopback = new Receiver(n -> new Receiver.Reply(308,
                        Map.of("Location", "https://127.0.0.2:" + landing.port() + "/in"), 0))) {
            WebhookSender following = sender(guard("127.0.0.1"), Duration.ofSeconds(2), 2);
            assertThat(send(following, toAllowed.url("/hook")).kind()).isEqualTo(Kind.DELIVERED);
            assertThat(landing.requests("/in")).hasSize(1);
            assertThat(landing.requests("/in").get(0).body()).isEqualTo("{\"a\":1}");
            Result refused = send(following, toLoopback.url("/hook"));
            assertThat(refused.kind()).isEqualTo(Kind.GIVE_UP);
            assertThat(refused.error()).startsWith("refused: ").contains("a loopback");
            assertThat(landing.count()).isEqualTo(1);
        }
    }

    @Test
    void refusedDestinationsAreNeverContacted() {
        Result r = send(sender(guard(), Duration.ofSeconds(2), 0), "https://127.0.0.1:1/hook");
        assertThat(r.kind()).isEqualTo(Kind.GIVE_UP);
        assertThat(r.statusCode()).isNull();
        assertThat(r.error()).contains("a loopback");
        Result http = send(sender(guard(), Duration.ofSeconds(2), 0), "http://receiver.test/hook");
        assertThat(http.error()).contains("must use https");
    }

    @Test
    void classifiesAnswersAndFailures() throws Exception {
        WebhookSender s = sender(guard("127.0.0.1"), Duration.ofMillis(500), 0);
        try (Receiver tooMany = new Receiver(n -> new Receiver.Reply(429, Map.of("Retry-After", "7"), 0));
                Receiver unavailable = new Receiver(n -> new Receiver.Reply(503,
                        Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), 0));
                Receiver broken = Receiver.answering(500);
                Receiver rejecting = Receiver.answering(401);
                Receiver slow = new Receiver(n -> new Receiver.Reply(200, Map.of(), 2000))) {
            Result r429 = send(s, tooMany.url("/"));
            assertThat(r429.kind()).isEqualTo(Kind.RETRY);
            assertThat(r429.retryAfter()).contains(Duration.ofSeconds(7));
            Result r503 = send(s, unavailable.url("/"));
            assertThat(r503.kind()).isEqualTo(Kind.RETRY);
            assertThat(r503.retryAfter()).contains(Duration.ZERO); // a date in the past
            assertThat(send(s, broken.url("/")).kind()).isEqualTo(Kind.RETRY);
            Result r401 = send(s, rejecting.url("/"));
            assertThat(r401.kind()).isEqualTo(Kind.GIVE_UP);
            assertThat(r401.error()).contains("not retried");
            Result timeout = send(s, slow.url("/"));
            assertThat(timeout.kind()).isEqualTo(Kind.RETRY);
            assertThat(timeout.error()).contains("timed out");
            assertThat(timeout.statusCode()).isNull();
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result refused = send(s, "http://127.0.0.1:" + closed + "/");
        assertThat(refused.kind()).isEqualTo(Kind.RETRY);
        assertThat(refused.error()).contains("connection refused");
    }
}
