package org.fractify.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and each service's application.properties say what services.manifest and
 * kafka-broker.properties say: the facts are written by hand there, so this test is what keeps them one.
 */
class DeploymentManifestTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern URL_DEFAULT = Pattern.compile("\\$\\{(FRACTIFY_[A-Z]+_SERVICE_URL):http://127\\.0\\.0\\.1:(\\d+)}");

    private final List<ServiceManifest.Service> services = ServiceManifest.read(ROOT);

    @Test
    void composeRunsEveryServiceOfTheManifestOnItsPortAndNothingElse() throws IOException {
        Map<String, String> blocks = composeServices();
        List<String> built = new ArrayList<>();
        blocks.forEach((name, block) -> {
            if (block.contains("dockerfile:")) {
                built.add(name);
            }
        });
        assertThat(built).containsExactlyInAnyOrderElementsOf(services.stream().map(ServiceManifest.Service::name).toList());
        for (ServiceManifest.Service s : services) {
            String block = blocks.get(s.name());
            assertThat(block).as(s.name())
                    .contains("dockerfile: " + s.name() + "/src/main/docker/Dockerfile.jvm")
                    .contains(s.portVariable() + ": \"" + s.port() + "\"")
                    .contains("ports: [\"" + s.port() + ":" + s.port() + "\"]");
        }
    }

    @Test
    void composeTellsEachServiceWhereTheOthersAre() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        for (ServiceManifest.Service s : services) {
            s.urlVariable().ifPresent(v -> assertThat(compose).as(v)
                    .containsPattern("(?m)^\\s+" + v + ": http://" + s.name() + ":" + s.port() + "$"));
        }
    }

    @Test
    void composeBrokerHasTheSharedSettings() throws IOException {
        String kafka = composeServices().get("kafka");
        assertThat(kafka).isNotNull();
        KafkaSettings.shared().forEach((key, value) -> {
            String variable = "KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
            assertThat(kafka).as(key).containsPattern("(?m)^\\s+" + variable + ": \"?" + Pattern.quote(value) + "\"?$");
        });
    }

    @Test
    void eachServiceDefaultsToItsManifestPortAndFindsTheOthersOnTheirs() throws IOException {
        Map<String, Integer> portOfUrlVariable = new LinkedHashMap<>();
        services.forEach(s -> s.urlVariable().ifPresent(v -> portOfUrlVariable.put(v, s.port())));
        for (ServiceManifest.Service s : services) {
            String properties = Files.readString(ROOT.resolve(s.name()).resolve("src/main/resources/application.properties"));
            assertThat(properties).as(s.name())
                    .containsPattern("(?m)^quarkus\\.http\\.port=\\$\\{" + s.portVariable() + ":" + s.port() + "}$");
            Matcher m = URL_DEFAULT.matcher(properties);
            while (m.find()) {
                assertThat(portOfUrlVariable).as("%s: %s", s.name(), m.group()).containsKey(m.group(1));
                assertThat(Integer.parseInt(m.group(2))).as("%s: %s", s.name(), m.group())
                        .isEqualTo(portOfUrlVariable.get(m.group(1)));
            }
        }
    }

    /** The blocks under docker-compose.yml's {@code services:}, by service name (two-space indented keys). */
    private static Map<String, String> composeServices() throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        boolean inServices = false;
        String current = null;
        StringBuilder block = new StringBuilder();
        for (String line : Files.readAllLines(ROOT.resolve("docker-compose.yml"))) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inServices = line.equals("services:");
                current = null;
                continue;
            }
            if (!inServices || line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            Matcher key = Pattern.compile("^  ([a-z][a-z0-9-]*):\\s*$").matcher(line);
            if (key.matches()) {
                current = key.group(1);
                block = new StringBuilder();
                blocks.put(current, "");
            } else if (current != null) {
                block.append(line).append('\n');
                blocks.put(current, block.toString());
            }
        }
        return blocks;
    }
}
