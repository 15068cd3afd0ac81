package org.fractify.fhir.service;

/**
 * How one push attempt ended. Retriable failures (network, timeouts, 5xx, 408, 429, HL7 AE) are tried again
 * with backoff; a refusal (other 4xx, HL7 AR) is not, since sending the same thing again cannot succeed.
 */
public record DeliveryOutcome(boolean delivered, boolean retriable, String error) {

    public static DeliveryOutcome ok() {
        return new DeliveryOutcome(true, false, null);
    }

    public static DeliveryOutcome retry(String error) {
        return new DeliveryOutcome(false, true, error);
    }

    public static DeliveryOutcome refused(String error) {
        return new DeliveryOutcome(false, false, error);
    }
}
