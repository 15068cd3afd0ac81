package org.fractify.testsupport;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.fractify.localstack.KafkaSettings;

/**
 * One real KRaft broker (combined broker + controller node) per test JVM, started on first use and
 * stopped when the JVM exits. Real sockets, real log segments: no in-memory substitute. Its settings are
 * tools/local-stack's {@link KafkaSettings}, the same as every other deployment's.
 */
public final class KafkaBroker {

    private static KafkaClusterTestKit cluster;

    private KafkaBroker() {
    }

    /** Starts the broker if needed and returns its bootstrap servers. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            // A broker that loses its log directories while the JVM shuts down halts the process with
            // status 1, which fails a test run whose tests all passed. Kafka's own tests replace these
            // procedures the same way: in a test JVM only the test runner decides the exit status.
            Exit.setExitProcedure((status, message) -> { });
            Exit.setHaltProcedure((status, message) -> { });
            try {
                KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build());
                // the settings ./fractify up's broker and docker-compose.yml use too (decision 0025)
                KafkaSettings.shared().forEach(builder::setConfigProp);
                KafkaClusterTestKit kit = builder.build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                cluster = kit;
                Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stop, "kafka-test-broker-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the in-process Kafka broker", e);
            }
        }
        return cluster.bootstrapServers();
    }

    private static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is exiting; the temp directories are deleted by the test kit
            }
            cluster = null;
        }
    }
}
