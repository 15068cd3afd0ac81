package org.fractify.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP receiver on 127.0.0.1 (a random port) for delivery tests: it records every request and
 * answers as its script says, per request number (1-based).
 */
public final class Receiver implements AutoCloseable {

    /** What to answer: status, headers, and how long to take. */
    public record Reply(int status, Map<String, String> headers, long delayMs) {
        public static Reply ok() {
            return new Reply(200, Map.of(), 0);
        }

        public static Reply status(int status) {
            return new Reply(status, Map.of(), 0);
        }
    }

    /** One request as received. */
    public record Request(Instant at, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntFunction<Reply> script;

    public Receiver(IntFunction<Reply> script) {
        this(script, 16);
    }

    public Receiver(IntFunction<Reply> script, int threads) {
        this.script = script;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            int n = count.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            requests.add(new Request(Instant.now(), exchange.getRequestURI().getPath(), headers,
                    new String(body, StandardCharsets.UTF_8)));
            Reply reply = this.script.apply(n);
            if (reply.delayMs() > 0) {
                try {
                    Thread.sleep(reply.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(reply.status(), -1);
            exchange.close();
        });
        server.start();
    }

    public static Receiver answering(int status) {
        return new Receiver(n -> Reply.status(status));
    }

    public void script(IntFunction<Reply> script) {
        this.script = script;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public int count() {
        return requests.size();
    }

    /** Waits until at least {@code n} requests arrived (to {@code path} when given), or fails. */
    public List<Request> await(String path, int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<Request> got = path == null ? requests() : requests(path);
            if (got.size() >= n) {
                return got;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("expected " + n + " requests" + (path == null ? "" : " to " + path) + " within "
                + timeout + ", got " + (path == null ? requests() : requests(path)).size());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
