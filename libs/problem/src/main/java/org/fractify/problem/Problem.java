package org.fractify.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body.
 *
 * @param type     stable URI naming the kind of error
 * @param title    short summary of the kind
 * @param status   HTTP status
 * @param detail   what exactly is wrong with this request; never patient data or internals
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri().toString(), type.title(), type.status(), detail, instance);
    }
}
