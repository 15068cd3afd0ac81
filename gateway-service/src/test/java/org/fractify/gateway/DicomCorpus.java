package org.fractify.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The shared DICOM corpus (../shared/dicom-corpus beside the repository, or -Dfractify.dicom.corpus): files,
 * manifest rows and golden decoded values. A missing corpus fails the tests; it is never skipped.
 */
final class DicomCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DicomCorpus() {
    }

    static Path dir() {
        String prop = System.getProperty("fractify.dicom.corpus");
        Path p = prop != null && !prop.isBlank() ? Paths.get(prop) : Paths.get("../../shared/dicom-corpus");
        p = p.toAbsolutePath().normalize();
        if (!Files.isRegularFile(p.resolve("manifest.csv"))) {
            throw new IllegalStateException("DICOM corpus not found at " + p
                    + " (set -Dfractify.dicom.corpus=/path/to/dicom-corpus)");
        }
        return p;
    }

    /** The manifest row of a corpus id. */
    static Map<String, String> row(String id) {
        return manifest().stream().filter(r -> r.get("id").equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no corpus file " + id));
    }

    static byte[] bytes(String id) {
        return read(dir().resolve(row(id).get("path")));
    }

    static JsonNode golden(String id) {
        try {
            return JSON.readTree(dir().resolve(row(id).get("golden_json")).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Golden stored values of one frame, interleaved by pixel (signed values restored from their two's
     * complement in the PNG).
     */
    static int[] goldenFrame(String id, String image, int frame, boolean signed) {
        try {
            BufferedImage png = ImageIO.read(dir().resolve(image).toFile());
            int rows = Integer.parseInt(row(id).get("rows"));
            int cols = Integer.parseInt(row(id).get("cols"));
            Raster r = png.getRaster();
            int bands = r.getNumBands();
            int[] values = r.getPixels(0, frame * rows, cols, rows, (int[]) null);
            int bits = png.getColorModel().getComponentSize(0);
            if (signed) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = bits == 16 ? (short) values[i] : (byte) values[i];
                }
            }
            if (values.length != rows * cols * bands) {
                throw new IllegalStateException("golden of " + id + " has an unexpected shape");
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files of malformed/ (generated and third-party), with their descriptions' "expected". */
    static List<Path> malformed() {
        try (Stream<Path> files = Files.walk(dir().resolve("malformed"))) {
            return files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, String>> manifest() {
        try {
            List<List<String>> rows = csv(Files.readString(dir().resolve("manifest.csv")));
            List<String> header = rows.get(0);
            List<Map<String, String>> out = new ArrayList<>();
            for (List<String> r : rows.subList(1, rows.size())) {
                if (r.size() < header.size()) {
                    continue;
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), r.get(i));
                }
                out.add(m);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and newlines. */
    private static List<List<String>> csv(String s) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
