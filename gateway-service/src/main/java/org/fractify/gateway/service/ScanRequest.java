package org.fractify.gateway.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.fractify.contracts.Modality;
import org.fractify.gateway.imaging.ImageNormaliser;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * A parsed and validated POST /api/v1/scan/analyse body. Parsing is done here rather than by the
 * framework so that each mistake gets a problem that names the field.
 */
public record ScanRequest(List<ImageNormaliser.Upload> images, Modality modality, String patientId,
        JsonNode clinicalContext, Optional<String> seriesInstanceUid) {

    private static final int MAX_PATIENT_ID = 128;
    /** Three or more files make a series (the rule: fewer are not a volume to choose from). */
    public static final int SERIES_MIN_FILES = 3;

    /** The only image of a single-image request. */
    public byte[] image() {
        return images.get(0).bytes();
    }

    /** Three or more files: series mode. */
    public boolean seriesMode() {
        return images.size() >= SERIES_MIN_FILES;
    }

    /**
     * The strict parser of analyse bodies, made once from the application's mapper: duplicate keys and anything
     * after the JSON value are refused, and numbers, nesting and field names keep Jackson's limits (1,000 digits,
     * depth 1,000, 50,000 characters) so hostile bodies stay cheap. A string may be as long as the body limit
     * ({@code maxBodyBytes}), so any image a body may carry reaches the image checks, which judge it: Jackson's
     * default (20 M characters) refused images over about 15 MB that the API documents as accepted.
     */
    public static ObjectMapper parserFor(ObjectMapper base, long maxBodyBytes) {
        int maxString = (int) Math.min(Integer.MAX_VALUE, maxBodyBytes);
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxString).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return base.copyWith(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static ScanRequest parse(byte[] body, ObjectMapper mapper) {
        return parse(body, mapper, Integer.MAX_VALUE);
    }

    /** Parses a body; more than {@code maxFiles} images is a 413. */
    public static ScanRequest parse(byte[] body, ObjectMapper mapper, int maxFiles) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            // a limit of the parser (number length, nesting depth, name length): its message says which
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The body exceeds a JSON parser limit: "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            // Only where: the parser's own message quotes the body (an unquoted patient id, say), and 4xx details
            // are logged.
            JsonLocation at = e.getLocation();
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The body is not valid JSON (or has a duplicate "
                    + "key or text after the value)"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (java.io.IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "The body must be a JSON object");
        }
        String modalityName = text(root, "modality");
        if (modalityName == null) {
            throw invalid("'modality' is required: one of " + Modality.wireNames());
        }
        Modality modality = Modality.fromWireName(modalityName).orElseThrow(
                () -> invalid("'modality' must be one of " + Modality.wireNames()));
        String patientId = text(root, "patient_id");
        if (patientId == null || patientId.isBlank()) {
            throw invalid("'patient_id' is required");
        }
        if (patientId.length() > MAX_PATIENT_ID || patientId.chars().anyMatch(Character::isISOControl)) {
            throw invalid("'patient_id' must be at most " + MAX_PATIENT_ID + " printable characters");
        }
        List<ImageNormaliser.Upload> uploads = new ArrayList<>();
        String single = text(root, "image_base64");
        if (single != null) {
            uploads.add(new ImageNormaliser.Upload("image_base64", decodeBase64(single, "image_base64")));
        }
        JsonNode many = root.get("images_base64");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw invalid("'images_base64' must be an array of base64 strings (DICOM files of one series)");
            }
            if (many.size() + uploads.size() > maxFiles) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The request carries "
                        + (many.size() + uploads.size()) + " images; at most " + maxFiles + " are accepted");
            }
            for (int i = 0; i < many.size(); i++) {
                String field = "images_base64[" + i + "]";
                if (!many.get(i).isTextual()) {
                    throw invalid("'" + field + "' must be a base64 string");
                }
                uploads.add(new ImageNormaliser.Upload(field, decodeBase64(many.get(i).asText(), field)));
            }
        }
        if (uploads.isEmpty()) {
            throw invalid("'image_base64' is required: the image (PNG, JPEG or DICOM) as base64; or 'images_base64': "
                    + "3 or more DICOM files of one series");
        }
        if (uploads.size() == 2) {
            throw invalid("Series mode needs at least " + SERIES_MIN_FILES + " DICOM files ('images_base64', "
                    + "optionally with 'image_base64'); 2 were sent. Send one image alone for a single analysis");
        }
        String seriesUid = text(root, "series_instance_uid");
        if (seriesUid != null) {
            if (uploads.size() < SERIES_MIN_FILES) {
                throw invalid("'series_instance_uid' chooses a series in series mode (3 or more DICOM files)");
            }
            if (!seriesUid.matches("[0-9]+(\\.[0-9]+)*") || seriesUid.length() > 64) {
                throw invalid("'series_instance_uid' must be a DICOM UID: digits and dots, at most 64 characters");
            }
        }
        JsonNode context = root.get("clinical_context");
        if (context != null && !(context.isTextual() || context.isObject() || context.isNull())) {
            throw invalid("'clinical_context' must be text or an object");
        }
        return new ScanRequest(List.copyOf(uploads), modality, patientId,
                context == null || context.isNull() ? null : context, Optional.ofNullable(seriesUid));
    }

    private static byte[] decodeBase64(String value, String field) {
        String s = value.strip();
        int comma = s.indexOf(',');
        if (s.startsWith("data:") && comma > 0) {
            s = s.substring(comma + 1); // tolerate data URLs from browser-based clients
        }
        try {
            return Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_BASE64, "'" + field + "' is not valid base64: " + e.getMessage());
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw invalid("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
