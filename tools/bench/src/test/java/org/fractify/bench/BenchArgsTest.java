package org.fractify.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void readsUrlsKeyRequestsAndImagesInOrder() {
        BenchArgs a = BenchArgs.parse(new String[] {"http://g:8080", "http://i:8081", "fk_key", "200",
                "chest_xray=/data/a=b.png", "dental=d.png"});
        assertThat(a.gateway()).isEqualTo("http://g:8080");
        assertThat(a.inference()).isEqualTo("http://i:8081");
        assertThat(a.apiKey()).isEqualTo("fk_key");
        assertThat(a.requests()).isEqualTo(200);
        assertThat(a.images()).containsExactly(new BenchArgs.Image("chest_xray", Path.of("/data/a=b.png")),
                new BenchArgs.Image("dental", Path.of("d.png")));
    }

    @Test
    void withoutAnImageTheUsageIsTheAnswer() {
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"g", "i", "k", "10"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(BenchArgs.USAGE);
    }

    @Test
    void badRequestCountsAndImagesAreNamed() {
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"g", "i", "k", "many", "m=f"}))
                .hasMessageContaining("many");
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"g", "i", "k", "0", "m=f"}))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"g", "i", "k", "5", "chest.png"}))
                .hasMessageContaining("MODALITY=IMAGE").hasMessageContaining("chest.png");
        assertThatThrownBy(() -> BenchArgs.parse(new String[] {"g", "i", "k", "5", "=chest.png"}))
                .hasMessageContaining("=chest.png");
    }
}
