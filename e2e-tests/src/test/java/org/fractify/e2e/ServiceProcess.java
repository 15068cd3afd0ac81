package org.fractify.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fractify.localstack.ServiceManifest;

/**
 * One packaged service run as its own JVM, as `./fractify up` runs it: jar, heap, port variable and health path
 * from the repository's services.manifest; the port is a free one.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final ServiceManifest.Service service;
    private final Path root;
    private final Map<String, String> env;
    private Process process;

    ServiceProcess(Path root, String name, Map<String, String> env) {
        this.root = root;
        this.name = name;
        this.service = ServiceManifest.service(root, name);
        this.port = freePort();
        this.env = new HashMap<>(env);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Puts this service's URL into {@code env} under the variable (the manifest's) that other services read. */
    void addUrlTo(Map<String, String> env) {
        env.put(service.urlVariable().orElseThrow(() -> new IllegalStateException("no service calls " + name)), url());
    }

    ServiceProcess start() throws IOException {
        Path jar = root.resolve(service.jar());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw package` (./fractify test does)");
        }
        Path log = root.resolve("e2e-tests/target/logs/" + name + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx" + service.heap(), "-jar", jar.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put(service.portVariable(), String.valueOf(port));
        process = pb.start();
        return this;
    }

    /** Waits for the manifest's health path to answer 200; fails if the process dies or times out. */
    void awaitReady(Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see e2e-tests/target/logs");
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + service.healthPath()))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see e2e-tests/target/logs");
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** SIGKILL at once, as a crash would: no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path root() {
        return new File(System.getProperty("fractify.root", "..")).toPath().toAbsolutePath().normalize();
    }
}
