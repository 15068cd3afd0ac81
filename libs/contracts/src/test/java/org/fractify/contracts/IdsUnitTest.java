package org.fractify.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsUnitTest {

    @Test
    void aNewReportIdIsAValidReportId() {
        String id = ReportId.generate();
        assertThat(id).matches("rpt_[a-z0-9]{20}");
        assertThat(ReportId.isValid(id)).isTrue();
    }

    @Test
    void reportIdsOfAnotherShapeAreRefused() {
        assertThat(ReportId.isValid(null)).isFalse();
        assertThat(ReportId.isValid("rpt_")).isFalse();
        assertThat(ReportId.isValid("rpt_ABC")).isFalse();
        assertThat(ReportId.isValid("rpt_abc\u0000")).isFalse();
        assertThat(ReportId.isValid("rpt_" + "a".repeat(41))).isFalse();
        assertThat(ReportId.isValid("key_abc")).isFalse();
        assertThat(ReportId.isValid("rpt_" + "a".repeat(40))).isTrue();
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(Ids.prefixed("wh_", 20))).isTrue();
        }
        assertThat(Ids.token(32)).hasSize(32).doesNotContain("0", "O", "1", "l", "I");
    }
}
