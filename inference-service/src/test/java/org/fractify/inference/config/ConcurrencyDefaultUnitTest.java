package org.fractify.inference.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.annotations.StaticInitSafe;
import org.junit.jupiter.api.Test;

class ConcurrencyDefaultUnitTest {

    private final ConcurrencyDefault source = new ConcurrencyDefault();

    @Test
    void defaultsTheConcurrencyToTheNumberOfCoresAndNothingElse() {
        assertThat(source.getValue("fractify.inference.concurrency"))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(source.getValue("fractify.inference.models-dir")).isNull();
        assertThat(source.getPropertyNames()).containsExactly("fractify.inference.concurrency");
    }

    @Test
    void everyOtherSourceOutranksIt() {
        // application.properties is 250, the environment 300, system properties 400
        assertThat(source.getOrdinal()).isLessThan(100);
    }

    /**
     * The messaging extension checks the worker pool's size during static init, which sees only sources safe
     * for it: without the annotation the packaged service refuses to start ("max-concurrency was not
     * defined"), while @QuarkusTest starts fine, so only this test and the end-to-end tests can tell.
     */
    @Test
    void isReadDuringStaticInit() {
        assertThat(ConcurrencyDefault.class).hasAnnotation(StaticInitSafe.class);
    }
}
