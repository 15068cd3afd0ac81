package org.fractify.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.fractify.testsupport.SharedData;

/**
 * The shared DICOM corpus, located by test-support's {@link SharedData#dicomCorpus()}: files, manifest rows and
 * golden decoded values. A missing corpus fails the tests; it is never skipped.
 */
final class DicomCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DicomCorpus() {
    }

    static Path dir() {
        return SharedData.dicomCorpus();
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
        return SharedData.dicomManifest();
    }
}
