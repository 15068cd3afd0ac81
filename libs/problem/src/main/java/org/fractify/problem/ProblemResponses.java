package org.fractify.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * Turns exceptions into problem responses. 4xx are logged at WARN without a stack trace, 5xx at ERROR
 * with a generic detail, so internals never reach a client.
 */
public final class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    public static Response of(ProblemType type, String detail, String instance) {
        if (type.status() >= 500) {
            LOG.errorf("%s %s: %s", type.status(), instance, detail);
            detail = "The request could not be completed; the error has been logged.";
        } else {
            LOG.warnf("%s %s: %s", type.status(), instance, detail);
        }
        return Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(type, detail, instance))
                .build();
    }

    public static Response of(ProblemException e, String instance) {
        return of(e.type(), e.detail(), instance);
    }

    /** JAX-RS's own exceptions (404 for unknown paths, 405, 406, 415...) keep their status. */
    public static Response of(WebApplicationException e, String instance) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemType.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.INVALID_REQUEST;
        };
        String detail = status >= 500 ? "internal" : e.getMessage();
        return of(type, detail, instance);
    }

    public static Response internal(Throwable t, String instance) {
        LOG.errorf(t, "500 %s", instance);
        return Response.status(500)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(ProblemType.INTERNAL_ERROR,
                        "The request could not be completed; the error has been logged.", instance))
                .build();
    }
}
