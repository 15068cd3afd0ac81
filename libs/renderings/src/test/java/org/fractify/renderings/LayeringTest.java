package org.fractify.renderings;

import org.fractify.testsupport.Layering;
import org.junit.jupiter.api.Test;

/** The library rules of test-support's {@link Layering}: plain Java, no package cycles. */
class LayeringTest {

    @Test
    void libraryStaysPlainJavaWithoutCycles() {
        Layering.check("org.fractify.renderings", Layering.libraryRules("org.fractify.renderings"));
    }
}
