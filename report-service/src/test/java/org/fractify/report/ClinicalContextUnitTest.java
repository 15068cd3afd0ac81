package org.fractify.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.fractify.report.service.ClinicalContext;
import org.junit.jupiter.api.Test;

/** What the guidance rules can see in a clinical context, from text and from structured fields. */
class ClinicalContextUnitTest {

    private static ClinicalContext text(String s) {
        return ClinicalContext.of(TextNode.valueOf(s));
    }

    @Test
    void recognisesFactorsInFreeText() {
        ClinicalContext c = text("72 year old on apixaban, fell at home; BP 182/95, SpO2 89% on air");
        assertThat(c.ageYears()).isEqualTo(72);
        assertThat(c.factors()).containsKeys("anticoagulated", "trauma", "sbp_high", "hypoxaemia", "age_65_plus",
                "age_50_plus").doesNotContainKeys("paediatric", "fever");
    }

    @Test
    void negatedMentionsDoNotCount() {
        ClinicalContext c = text("Cough for 3 days, no fever. Denies anticoagulant use. Non-smoker? not a smoker");
        assertThat(c.factors()).doesNotContainKeys("fever", "anticoagulated", "smoker");
        assertThat(text("fever since yesterday").factors()).containsKey("fever");
    }

    @Test
    void childrenByAgeOrWords() {
        assertThat(text("4 yo with cough and fever").factors()).containsKeys("paediatric", "fever", "under_35");
        assertThat(text("infant, 8 months old, temp 38.6 C").factors()).containsKeys("paediatric", "fever");
    }

    @Test
    void structuredFieldsAndVitals() throws Exception {
        var node = new ObjectMapper().readTree("""
                {"age": 80, "anticoagulated": true, "vitals": {"temperature_c": 38.4, "spo2": 95, "systolic_bp": 160},
                 "history": "lung cancer 2019"}""");
        ClinicalContext c = ClinicalContext.of(node);
        assertThat(c.ageYears()).isEqualTo(80);
        assertThat(c.factors()).containsKeys("anticoagulated", "fever", "sbp_high", "cancer_history", "age_65_plus")
                .doesNotContainKey("hypoxaemia");
        assertThat(ClinicalContext.of(null).factors()).isEmpty();
    }
}
