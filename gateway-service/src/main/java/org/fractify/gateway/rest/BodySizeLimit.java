package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.problem.Problem;
import org.fractify.problem.ProblemType;

/**
 * Refuses a body whose declared length exceeds the configured limit with a 413 problem, before any
 * of it is read. (Vert.x's own limit, a little higher, still guards chunked bodies, but answers
 * without a problem body.)
 */
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper mapper;

    public BodySizeLimit(GatewayConfig config, ObjectMapper mapper) {
        this.maxBytes = config.maxBodyBytes();
        this.mapper = mapper;
    }

    @RouteFilter(100)
    void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long declared = Long.parseLong(length.trim());
                if (declared > maxBytes) {
                    Problem problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "The body is " + declared
                            + " bytes; at most " + maxBytes + " are accepted (FRACTIFY_GATEWAY_MAX_BODY_BYTES)",
                            rc.request().path());
                    rc.response().setStatusCode(413)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                            .putHeader(HttpHeaders.CONNECTION, "close")
                            .end(mapper.writeValueAsString(problem));
                    return;
                }
            } catch (NumberFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
                // a malformed Content-Length is Vert.x's to reject
            }
        }
        rc.next();
    }
}
