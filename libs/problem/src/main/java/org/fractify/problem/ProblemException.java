package org.fractify.problem;

import org.jboss.logging.Logger;

/** Thrown anywhere a request must end with a given problem; the mappers render it. */
public class ProblemException extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(ProblemException.class);

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    /**
     * An internal service that gave no answer (refused, timed out, broke the connection): a 503 naming {@code what}
     * is unavailable, with the cause logged for the operator (never the request). One mapping for every caller of
     * an internal service, so the answer and the log line read the same everywhere.
     *
     * @param service the service called, for the log (e.g. {@code report-service})
     * @param what    what the client is told is unavailable (e.g. {@code The report store})
     */
    public static ProblemException unavailable(String service, String what, Throwable cause) {
        LOG.errorf("%s call failed: %s", service, cause.toString());
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, what + " is unavailable; retry later");
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }
}
