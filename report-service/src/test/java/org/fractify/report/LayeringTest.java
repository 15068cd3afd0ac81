package org.fractify.report;

import org.fractify.testsupport.Layering;
import org.junit.jupiter.api.Test;

/** The layering rules of test-support's {@link Layering}, on this service's production classes. */
class LayeringTest {

    @Test
    void packagesKeepTheirLayers() {
        Layering.check("org.fractify.report", Layering.serviceRules("org.fractify.report"));
    }
}
