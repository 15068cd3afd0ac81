package org.fractify.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProblemTypeUnitTest {

    @Test
    void slugsAreUniqueAndUrlSafe() {
        var slugs = Arrays.stream(ProblemType.values()).map(ProblemType::slug).toList();
        assertThat(slugs).doesNotHaveDuplicates();
        assertThat(slugs).allMatch(s -> s.matches("[a-z0-9-]+"));
    }

    @Test
    void statusesAreErrors() {
        assertThat(ProblemType.values()).allMatch(t -> t.status() >= 400 && t.status() < 600);
    }

    @Test
    void problemCarriesTypeUri() {
        Problem p = Problem.of(ProblemType.REPORT_NOT_FOUND, "no report rpt_x", "/api/v1/report/rpt_x");
        assertThat(p.type()).isEqualTo("https://fractify.org/problems/report-not-found");
        assertThat(p.status()).isEqualTo(404);
    }

    @Test
    void everyTypeIsFoundByItsUriAndNothingElseIs() {
        assertThat(ProblemType.values()).allMatch(t -> ProblemType.fromUri(t.uri().toString()).orElseThrow() == t);
        assertThat(ProblemType.fromUri("https://example.org/problems/not-found")).isEmpty();
        assertThat(ProblemType.fromUri("not-found")).isEmpty();
        assertThat(ProblemType.fromUri(ProblemType.BASE + "no-such-type")).isEmpty();
        assertThat(ProblemType.fromUri(null)).isEmpty();
    }
}
