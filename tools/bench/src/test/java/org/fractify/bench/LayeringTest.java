package org.fractify.bench;

import org.fractify.testsupport.Layering;
import org.junit.jupiter.api.Test;

/** A tool is held to the library rules of test-support's {@link Layering}: plain Java, no package cycles. */
class LayeringTest {

    @Test
    void toolStaysPlainJavaWithoutCycles() {
        Layering.check("org.fractify.bench", Layering.libraryRules("org.fractify.bench"));
    }
}
