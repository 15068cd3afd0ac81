package org.fractify.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.fractify.inference.config.InferenceConfig;
import org.fractify.testsupport.KafkaTestResource;
import org.junit.jupiter.api.Test;

/** One setting sizes both the predictor pools and the worker pool that runs scan jobs. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class InferenceConcurrencyTest {

    @Inject
    InferenceConfig config;

    @Test
    void theScanJobWorkerPoolIsAsWideAsTheConfiguredConcurrency() {
        int workers = ConfigProvider.getConfig().getValue("smallrye.messaging.worker.inference.max-concurrency",
                Integer.class);
        assertThat(config.concurrency()).isEqualTo(3); // %test value in application.properties
        assertThat(workers).isEqualTo(config.concurrency());
    }
}
