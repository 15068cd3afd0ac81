package org.fractify.inference.config;

import io.quarkus.runtime.annotations.StaticInitSafe;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The default of {@code fractify.inference.concurrency}: the number of cores of the machine the service runs
 * on, which no properties file can state. Every other source (application.properties, the environment,
 * {@code -D}) outranks it. Safe for static init, where the messaging extension checks the worker pool's size:
 * in JVM mode that runs on the machine that starts the service, not the one that built it.
 */
@StaticInitSafe
public final class ConcurrencyDefault implements ConfigSource {

    static final String PROPERTY = "fractify.inference.concurrency";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? Integer.toString(Runtime.getRuntime().availableProcessors()) : null;
    }

    @Override
    public String getName() {
        return "inference concurrency default (the number of cores)";
    }

    @Override
    public int getOrdinal() {
        return 1;
    }
}
