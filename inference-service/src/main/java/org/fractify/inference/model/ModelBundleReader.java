package org.fractify.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and checks a model directory: card.json, conditions.json, and model.pt against the card's sha256. */
public final class ModelBundleReader {

    private ModelBundleReader() {
    }

    public static ModelBundle read(Path dir, ObjectMapper json) throws IOException {
        JsonNode card = json.readTree(dir.resolve("card.json").toFile());
        String role = card.path("role").asText(ModelBundle.PRIMARY);
        // The guard's labels are modalities, not conditions: it has no clinical table.
        JsonNode table = Files.exists(dir.resolve("conditions.json")) ? json.readTree(dir.resolve("conditions.json").toFile())
                : json.createObjectNode();
        Path weights = dir.resolve(card.path("file").asText("model.pt"));
        String expected = card.path("sha256").asText();
        String actual = sha256(weights);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new IOException(weights + " has sha256 " + actual + " but its card says " + expected);
        }
        List<String> labels = new ArrayList<>();
        card.path("labels").forEach(l -> labels.add(l.asText()));
        Set<String> normal = new HashSet<>();
        card.path("normal_labels").forEach(l -> normal.add(l.asText()));
        Map<String, Double> thresholds = new HashMap<>();
        card.path("thresholds").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                thresholds.put(e.getKey(), e.getValue().asDouble());
            }
        });
        Map<String, ModelBundle.Condition> conditions = new HashMap<>();
        table.path("labels").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            Map<String, Integer> urgency = new LinkedHashMap<>();
            c.path("urgency_by_severity").fields().forEachRemaining(u -> urgency.put(u.getKey(), u.getValue().asInt()));
            conditions.put(e.getKey(), new ModelBundle.Condition(c.path("display").asText(e.getKey()),
                    c.path("code").path("system").asText(null), c.path("code").path("code").asText(null),
                    c.path("code").path("display").asText(null), urgency, c.path("rationale").asText("")));
        });
        for (String label : labels) {
            if (ModelBundle.GUARD.equals(role)) {
                break;
            }
            if (!normal.contains(label) && (!thresholds.containsKey(label) || !conditions.containsKey(label))) {
                throw new IOException(dir + ": abnormal label '" + label + "' needs a threshold in card.json and a row in conditions.json");
            }
        }
        return new ModelBundle(card.path("modality").asText(null), card.path("name").asText(), card.path("version").asText(),
                List.copyOf(labels), Set.copyOf(normal), card.path("temperature").asDouble(1.0),
                card.path("activation").asText("softmax"), Map.copyOf(thresholds), Map.copyOf(conditions),
                table.path("location_scheme").asText("generic"), role, card.path("input").path("tile_size").asInt(0),
                card);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
