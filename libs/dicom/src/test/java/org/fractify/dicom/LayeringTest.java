package org.fractify.dicom;

import org.fractify.testsupport.Layering;
import org.junit.jupiter.api.Test;

/** The library rules of test-support's {@link Layering}: plain Java, no package cycles. */
class LayeringTest {

    @Test
    void libraryStaysPlainJavaWithoutCycles() {
        Layering.check("org.fractify.dicom", Layering.libraryRules("org.fractify.dicom"));
    }
}
