package org.fractify.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.fractify.contracts.Modality;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * A parsed and validated POST /api/v1/scan/analyse body. Parsing is done here rather than by the
 * framework so that each mistake gets a problem that names the field.
 */
public record ScanRequest(byte[] image, Modality modality, String patientId, JsonNode clinicalContext) {

    private static final int MAX_PATIENT_ID = 128;

    public static ScanRequest parse(byte[] body, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
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
        JsonNode images = root.get("images_base64");
        if (images != null && !images.isNull()) {
            throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT,
                    "Series mode ('images_base64') needs DICOM input, which this version does not accept yet");
        }
        String base64 = text(root, "image_base64");
        if (base64 == null || base64.isBlank()) {
            throw invalid("'image_base64' is required: the image (PNG or JPEG) as base64");
        }
        JsonNode context = root.get("clinical_context");
        if (context != null && !(context.isTextual() || context.isObject() || context.isNull())) {
            throw invalid("'clinical_context' must be text or an object");
        }
        return new ScanRequest(decodeBase64(base64), modality, patientId, context == null || context.isNull() ? null : context);
    }

    private static byte[] decodeBase64(String value) {
        String s = value.strip();
        int comma = s.indexOf(',');
        if (s.startsWith("data:") && comma > 0) {
            s = s.substring(comma + 1); // tolerate data URLs from browser-based clients
        }
        try {
            return Base64.getMimeDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_BASE64, "'image_base64' is not valid base64: " + e.getMessage());
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
