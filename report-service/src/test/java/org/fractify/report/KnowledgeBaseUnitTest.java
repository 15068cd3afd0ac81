package org.fractify.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fractify.report.service.KnowledgeBase;
import org.junit.jupiter.api.Test;

/**
 * The knowledge base covers every label of every shipped model (models/&#42;/card.json, in this repository), each
 * severity, each step cited, and marks as normal exactly the labels the cards call normal.
 */
class KnowledgeBaseUnitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODELS = Path.of("../models"); // from the module's directory, where Maven runs tests
    private final KnowledgeBase kb = new KnowledgeBase(JSON);

    /** A shipped model's labels and which of them are normal. */
    private record Card(String modality, List<String> labels, List<String> normalLabels) {
    }

    /** Every shipped model that reports on a modality (the modality guard only routes); fails if none is found. */
    private static List<Card> cards() throws IOException {
        assertThat(MODELS.resolve("chest_xray/card.json")).as("the shipped model cards under " + MODELS.toAbsolutePath())
                .isRegularFile();
        List<Card> cards = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(MODELS)) {
            for (Path card : dirs.map(d -> d.resolve("card.json")).filter(Files::isRegularFile).sorted().toList()) {
                JsonNode c = JSON.readTree(card.toFile());
                if (c.hasNonNull("modality")) {
                    cards.add(new Card(c.path("modality").asText(), strings(c.path("labels")),
                            strings(c.path("normal_labels"))));
                }
            }
        }
        assertThat(cards).extracting(Card::modality).as("modalities of the shipped models")
                .containsAll(List.of("brain_mri", "chest_xray", "ct_brain", "bone_xray", "ct_chest", "abdominal_ct",
                        "dental"));
        return cards;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void everyLabelOfEveryShippedModelHasAnEntryWithCitedStepsAndDifferentials() throws IOException {
        List<String> covered = new ArrayList<>();
        for (Card card : cards()) {
            String modality = card.modality();
            for (String label : card.labels()) {
                covered.add(modality + "/" + label);
                JsonNode entry = kb.label(modality, label).orElseThrow(() -> new AssertionError(modality + "/" + label));
                assertThat(entry.path("display").asText()).as(modality + "/" + label).isNotBlank();
                assertThat(entry.path("differentials").size()).as(modality + "/" + label).isPositive();
                for (JsonNode d : entry.path("differentials")) {
                    assertThat(d.path("rationale").asText()).isNotBlank();
                    assertThat(d.path("share").asDouble()).isBetween(0.01, 0.5);
                }
                JsonNode guidance = entry.path("guidance");
                List<String> severities = entry.path("normal").asBoolean() ? List.of("any")
                        : List.of("Mild", "Moderate", "Severe", "Critical");
                for (String severity : severities) {
                    JsonNode e = guidance.path(severity);
                    assertThat(e.path("summary").asText()).as(modality + "/" + label + "/" + severity).isNotBlank();
                    assertThat(e.path("next_steps").size()).as(modality + "/" + label + "/" + severity).isPositive();
                    e.path("next_steps").forEach(step -> assertThat(kb.source(step.path("source").asText()))
                            .as("source of " + step).isNotEqualTo(step.path("source").asText()));
                }
            }
        }
        assertThat(kb.coverage()).as("the knowledge base covers the shipped labels, no more")
                .containsExactlyInAnyOrderElementsOf(covered);
    }

    @Test
    void theLabelsMarkedNormalAreTheShippedModelsNormalLabels() throws IOException {
        for (Card card : cards()) {
            for (String label : card.labels()) {
                assertThat(kb.label(card.modality(), label).orElseThrow().path("normal").asBoolean())
                        .as(card.modality() + "/" + label + " is normal").isEqualTo(card.normalLabels().contains(label));
            }
        }
    }

    @Test
    void contextRulesNameKnownFactorsAndSources() {
        List<String> factors = List.of("anticoagulated", "antiplatelet", "fever", "hypoxaemia", "trauma", "smoker",
                "cancer_history", "immunocompromised", "pregnant", "thunderclap_headache", "paediatric", "under_35",
                "age_50_plus", "age_65_plus", "sbp_high");
        assertThat(kb.contextRules()).isNotEmpty().allSatisfy(rule -> {
            assertThat(factors).contains(rule.path("factor").asText());
            assertThat(kb.source(rule.path("source").asText())).isNotEqualTo(rule.path("source").asText());
            assertThat(rule.path("note").asText()).isNotBlank();
        });
    }
}
