package org.fractify.gateway.service;

import jakarta.enterprise.context.RequestScoped;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** The authenticated caller of the current request, set by the authentication filter. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; a request that reached a resource without one is refused rather than served. */
    public Caller get() {
        if (caller == null) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "No valid API key was presented");
        }
        return caller;
    }
}
