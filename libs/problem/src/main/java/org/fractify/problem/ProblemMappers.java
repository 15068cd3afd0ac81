package org.fractify.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The JAX-RS mappers every service registers (they are discovered from this jar's Jandex index): each
 * error leaves a service as {@code application/problem+json}.
 */
public final class ProblemMappers {

    private ProblemMappers() {
    }

    /**
     * The request path for the problem's {@code instance}, or null when it cannot be known: a failure that
     * surfaces on a thread without the request's context must still be answered and logged as what it is,
     * not turned into a second failure by reading the path.
     */
    private static String path(UriInfo uriInfo) {
        try {
            return uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
        } catch (RuntimeException notActive) {
            return null;
        }
    }

    /** Errors the code raised on purpose. */
    @Provider
    public static class ForProblem implements ExceptionMapper<ProblemException> {
        @Context
        UriInfo uriInfo;

        @Override
        public Response toResponse(ProblemException e) {
            return ProblemResponses.of(e, path(uriInfo));
        }
    }

    /** The framework's own errors: unknown path, wrong method, unsupported content type. */
    @Provider
    public static class ForWebApplication implements ExceptionMapper<WebApplicationException> {
        @Context
        UriInfo uriInfo;

        @Override
        public Response toResponse(WebApplicationException e) {
            return ProblemResponses.of(e, path(uriInfo));
        }
    }

    /** Anything else is a bug: logged with its stack, answered with a generic 500. */
    @Provider
    public static class ForUnexpected implements ExceptionMapper<Exception> {
        @Context
        UriInfo uriInfo;

        @Override
        public Response toResponse(Exception e) {
            return ProblemResponses.internal(e, path(uriInfo));
        }
    }
}
