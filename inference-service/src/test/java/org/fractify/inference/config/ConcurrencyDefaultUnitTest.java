package org.fractify.inference.config;

import static org.assertj.core.api.Assertions.assertThat;

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
}
