package org.fractify.fhir.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.fractify.renderings.Hl7Renderer;

/** The HL7 renderer holds a HAPI context (parsers, id generator): one per application. */
@ApplicationScoped
public class Renderers {

    @Produces
    @Singleton
    Hl7Renderer hl7Renderer() {
        return new Hl7Renderer();
    }
}
