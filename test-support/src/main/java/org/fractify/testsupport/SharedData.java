package org.fractify.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only data the tests read from {@code shared/} beside the repository root (the directory holding
 * {@code .mvn}), whatever module directory a test runs in: the DICOM interoperability corpus and the image
 * datasets. A missing piece fails the test that asks for it, naming the path looked at and the system property
 * that points elsewhere; it is never silently skipped.
 */
public final class SharedData {

    /** System property naming the shared directory instead of {@code ../shared} from the repository root. */
    public static final String SHARED_PROPERTY = "fractify.shared";
    /** System property naming the DICOM corpus instead of {@code dicom-corpus} in the shared directory. */
    public static final String DICOM_CORPUS_PROPERTY = "fractify.dicom.corpus";

    private SharedData() {
    }

    /** The DICOM corpus: {@code manifest.csv}, {@code files/}, {@code golden/}, {@code malformed/}. */
    public static Path dicomCorpus() {
        String property = System.getProperty(DICOM_CORPUS_PROPERTY);
        Path corpus = property != null && !property.isBlank() ? Path.of(property).toAbsolutePath().normalize()
                : shared(DICOM_CORPUS_PROPERTY).resolve("dicom-corpus");
        if (!Files.isRegularFile(corpus.resolve("manifest.csv"))) {
            throw new IllegalStateException("DICOM corpus not found: no manifest.csv in " + corpus + " (set -D"
                    + DICOM_CORPUS_PROPERTY + "=/path/to/dicom-corpus)");
        }
        return corpus;
    }

    /** The image datasets, one directory each (e.g. {@code chest_xray/}). */
    public static Path datasets() {
        Path datasets = shared(SHARED_PROPERTY).resolve("datasets");
        if (!Files.isDirectory(datasets)) {
            throw new IllegalStateException("datasets not found at " + datasets + " (set -D" + SHARED_PROPERTY
                    + "=/path/to/shared)");
        }
        return datasets;
    }

    /** The rows of the DICOM corpus' manifest.csv as column name to value, in file order. */
    public static List<Map<String, String>> dicomManifest() {
        try {
            List<List<String>> rows = csv(Files.readString(dicomCorpus().resolve("manifest.csv"),
                    StandardCharsets.UTF_8));
            List<String> header = rows.get(0);
            List<Map<String, String>> out = new ArrayList<>();
            for (List<String> r : rows.subList(1, rows.size())) {
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), i < r.size() ? r.get(i) : "");
                }
                out.add(m);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
    public static List<List<String>> csv(String s) {
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
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** The shared directory; {@code override} names the property to set in the message when it is missing. */
    private static Path shared(String override) {
        String property = System.getProperty(SHARED_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn"))) {
                Path shared = dir.resolveSibling("shared").normalize();
                if (!Files.isDirectory(shared)) {
                    throw new IllegalStateException("shared data not found at " + shared
                            + " (beside the repository " + dir + "; set -D" + override + ")");
                }
                return shared;
            }
        }
        throw new IllegalStateException("no repository root (a directory with .mvn) above " + start
                + ", so no ../shared to read (set -D" + override + ")");
    }
}
