package org.fractify.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    @Test
    void theConfiguredUserIsTheOnlyOneTried() {
        assertThat(LocalPostgres.candidateUsers(Map.of("FRACTIFY_DB_USER", " fractify "))).containsExactly("fractify");
    }

    @Test
    void withoutAConfiguredUserPostgresRootAndTheOsUserAreTriedOnceEach() {
        assertThat(LocalPostgres.candidateUsers(Map.of("FRACTIFY_DB_USER", " "))).startsWith("postgres", "root")
                .contains(System.getProperty("user.name")).doesNotHaveDuplicates();
    }

    @Test
    void aServerThatRefusesEveryLoginGivesNoneAndSaysWhyForEachUser() {
        List<String> failures = new ArrayList<>();
        // port 1 on the loopback: nothing listens, the connection is refused at once
        var login = LocalPostgres.probe(Map.of("FRACTIFY_DB_HOST", "127.0.0.1", "FRACTIFY_DB_PORT", "1",
                "FRACTIFY_DB_USER", "nobody"), "fractify", failures::add);
        assertThat(login).isEmpty();
        assertThat(failures).singleElement().asString().contains("nobody").contains("127.0.0.1:1");
    }

    @Test
    void theBrokerSettingsAreReadFromTheSharedFile() {
        assertThat(KafkaSettings.shared()).containsEntry("num.partitions", "3")
                .containsEntry("auto.create.topics.enable", "true").doesNotContainKey("listeners");
    }
}
