package org.fractify.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Verifies captured deliveries with the independent npm package {@code standardwebhooks}
 * (tools/webhook-verify), installing it with {@code npm ci} on first use in a clean clone.
 */
public final class StandardWebhooksVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message to verify with one secret. */
    public record Case(String secret, String id, String timestamp, String signature, String body) {
        public static Case of(String secret, Receiver.Request r) {
            return new Case(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.header("webhook-signature"),
                    r.body());
        }
    }

    private StandardWebhooksVerifier() {
    }

    /** The verdict for each case: null when it verifies, else the library's error. */
    public static List<String> verify(List<Case> cases) throws Exception {
        Path dir = toolDir();
        ensureInstalled(dir);
        ArrayNode input = JSON.createArrayNode();
        for (Case c : cases) {
            ObjectNode n = input.addObject();
            n.put("secret", c.secret());
            n.put("body", c.body());
            ObjectNode h = n.putObject("headers");
            h.put("webhook-id", c.id());
            h.put("webhook-timestamp", c.timestamp());
            h.put("webhook-signature", c.signature());
        }
        Process p = new ProcessBuilder("node", "verify.js").directory(dir.toFile()).redirectErrorStream(false).start();
        p.getOutputStream().write(JSON.writeValueAsBytes(input));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("node verify.js failed: " + err);
        }
        List<String> verdicts = new ArrayList<>();
        for (JsonNode v : JSON.readTree(out)) {
            verdicts.add(v.path("ok").asBoolean() ? null : v.path("error").asText());
        }
        return verdicts;
    }

    private static Path toolDir() {
        // surefire runs in the module directory; the tool lives at the repository root
        for (Path p = new File("").toPath().toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools/webhook-verify/verify.js"))) {
                return p.resolve("tools/webhook-verify");
            }
        }
        throw new IllegalStateException("tools/webhook-verify not found above " + new File("").getAbsolutePath());
    }

    private static synchronized void ensureInstalled(Path dir) throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules/standardwebhooks"))) {
            return;
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("npm ci in tools/webhook-verify failed (node and npm are needed): " + log);
        }
    }
}
