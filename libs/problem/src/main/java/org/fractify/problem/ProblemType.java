package org.fractify.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of error the public API can answer with. The slug is stable: it becomes the problem's
 * {@code type} URI ({@value #BASE}slug), which clients may switch on. Add kinds, never rename them.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "The request is not valid"),
    MALFORMED_JSON("malformed-json", 400, "The request body is not valid JSON"),
    INVALID_BASE64("invalid-base64", 400, "The image is not valid base64"),
    UNAUTHENTICATED("unauthenticated", 401, "Missing or invalid API key"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    NOT_FOUND("not-found", 404, "Not found"),
    REPORT_NOT_FOUND("report-not-found", 404, "Report not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    REPORT_NOT_READY("report-not-ready", 409, "The report has no result yet"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request or image is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    UNSUPPORTED_IMAGE_FORMAT("unsupported-image-format", 415, "Unsupported image format"),
    IMAGE_UNDECODABLE("image-undecodable", 422, "The image cannot be decoded"),
    IMAGE_TOO_SMALL("image-too-small", 422, "The image is too small to analyse"),
    UNSUPPORTED_TRANSFER_SYNTAX("unsupported-transfer-syntax", 415, "Unsupported DICOM transfer syntax"),
    DICOM_MALFORMED("dicom-malformed", 422, "The DICOM file is malformed"),
    SERIES_AMBIGUOUS("series-ambiguous", 422, "The files belong to more than one series"),
    MODALITY_UNAVAILABLE("modality-unavailable", 422, "No model is installed for this modality"),
    MODALITY_MISMATCH("modality-mismatch", 422, "The image is not of the requested modality"),
    ANALYSIS_FAILED("analysis-failed", 422, "The analysis could not be completed"),
    WEBHOOK_NOT_FOUND("webhook-not-found", 404, "Webhook not found"),
    WEBHOOK_DELIVERY_NOT_FOUND("webhook-delivery-not-found", 404, "Webhook delivery not found"),
    WEBHOOK_URL_REFUSED("webhook-url-refused", 422, "The webhook URL is not allowed"),
    WEBHOOK_CONFLICT("webhook-conflict", 409, "The webhook or delivery is not in a state that allows this"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "A service needed for this request is unavailable"),
    INTERNAL_ERROR("internal-error", 500, "Internal error");

    /** Base of every type URI. */
    public static final String BASE = "https://fractify.org/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public static Optional<ProblemType> fromSlug(String slug) {
        return Arrays.stream(values()).filter(t -> t.slug.equals(slug)).findFirst();
    }

    /**
     * The registered type a problem's {@code type} URI names ({@value #BASE}slug, exactly); empty for any other
     * URI. Every service that reads a problem another one wrote maps it back through here.
     */
    public static Optional<ProblemType> fromUri(String typeUri) {
        return typeUri != null && typeUri.startsWith(BASE) ? fromSlug(typeUri.substring(BASE.length()))
                : Optional.empty();
    }
}
