package org.fractify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoalsTest {

    @Test
    void theShippedGoalsAreTheIssuesTwo() {
        Goals goals = Goals.shipped();
        assertThat(goals).isEqualTo(new Goals(2.0, 0.70));
        assertThat(goals.latencyRatioText()).isEqualTo("2");
        assertThat(goals.throughputPercentText()).isEqualTo("70");
    }

    @Test
    void aGoalOnItsBoundIsMet() {
        Goals goals = new Goals(2.0, 0.70);
        assertThat(goals.latencyMet(200.0, 100.0)).isTrue();
        assertThat(goals.latencyMet(200.1, 100.0)).isFalse();
        assertThat(goals.throughputMet(7.0, 10.0)).isTrue();
        assertThat(goals.throughputMet(6.99, 10.0)).isFalse();
    }

    @Test
    void fractionalGoalsAreWrittenAsGiven() {
        Goals goals = new Goals(1.5, 0.655);
        assertThat(goals.latencyRatioText()).isEqualTo("1.5");
        assertThat(goals.throughputPercentText()).isEqualTo("65.5");
    }
}
