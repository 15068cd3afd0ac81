package org.fractify.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The broker settings every deployment shares, from {@code kafka-broker.properties} next to this class. */
public final class KafkaSettings {

    /** The file, as a class-path resource and under tools/local-stack/src/main/resources (./fractify reads it there). */
    public static final String RESOURCE = "org/fractify/localstack/kafka-broker.properties";

    private KafkaSettings() {
    }

    /** The shared settings, sorted by name. */
    public static Map<String, String> shared() {
        Properties p = new Properties();
        try (InputStream in = KafkaSettings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
        return settings;
    }
}
