package org.fractify.gateway.service;

import jakarta.enterprise.context.RequestScoped;
import org.fractify.contracts.Requester;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** The verified requester of the current request, set by the authentication filter. */
@RequestScoped
public class CurrentRequester {

    private Requester requester;

    public void set(Requester requester) {
        this.requester = requester;
    }

    /** The requester; a request that reached a resource without one is refused rather than served. */
    public Requester get() {
        if (requester == null) {
            throw new ProblemException(ProblemType.UNAUTHENTICATED, "No valid API key was presented");
        }
        return requester;
    }
}
