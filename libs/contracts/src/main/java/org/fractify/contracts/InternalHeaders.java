package org.fractify.contracts;

/**
 * Headers the gateway sends on internal calls, naming who the authenticated caller is (the tenant is in the
 * path) and what they asked for, so internal services can audit reads and record acknowledgements.
 */
public final class InternalHeaders {

    /** The API key's integration (or, for a service acting on its own, the service's name). */
    public static final String INTEGRATION = "X-Fractify-Integration";

    /** The API key's id ({@code key_...}); absent for a service acting on its own. */
    public static final String KEY_ID = "X-Fractify-Key-Id";

    /** The representation being read: json, analysis, heatmap, fhir, fhir-search, hl7, fhir-push, mllp-push. */
    public static final String REPRESENTATION = "X-Fractify-Representation";

    /** The gateway's public base URL (e.g. https://host/), for absolute links in what is returned. */
    public static final String PUBLIC_URL = "X-Fractify-Public-Url";

    private InternalHeaders() {
    }
}
