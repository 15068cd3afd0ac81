package org.fractify.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fractify.report.service.KnowledgeBase;
import org.junit.jupiter.api.Test;

/** The knowledge base covers every label of the seven modalities, each severity, each step cited. */
class KnowledgeBaseUnitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KnowledgeBase kb = new KnowledgeBase(JSON);

    /** Labels of the training sets (../shared/datasets/<set>/labels.csv) by modality. */
    private static final Map<String, List<String>> LABELS = Map.of(
            "brain_mri", List.of("glioma", "meningioma", "pituitary", "no_tumor"),
            "chest_xray", List.of("normal", "pneumonia"),
            "ct_brain", List.of("hemorrhage", "normal", "EDH", "IPH", "IVH", "SAH", "SDH"),
            "bone_xray", List.of("fracture", "no_annotation"),
            "ct_chest", List.of("normal", "benign", "malignant"),
            "abdominal_ct", List.of("normal", "cyst", "stone", "tumor"),
            "dental", List.of("caries", "no_caries"));

    @Test
    void everyLabelOfEveryModalityHasAnEntryWithCitedStepsAndDifferentials() {
        LABELS.forEach((modality, labels) -> labels.forEach(label -> {
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
        }));
        assertThat(kb.coverage()).hasSize(LABELS.values().stream().mapToInt(List::size).sum());
    }

    @Test
    void labelsMatchTheDatasetsWhenTheyArePresent() throws Exception {
        Path datasets = Path.of("../../shared/datasets");
        Map<String, String> sets = Map.of("brain_mri", "brain_mri", "chest_xray", "chest_xray", "ct_brain", "ct_brain",
                "bone_xray", "bone_xray", "ct_chest", "ct_chest", "abdominal_ct", "abdominal_ct", "dental", "dental_caries");
        for (var e : sets.entrySet()) {
            Path csv = datasets.resolve(e.getValue()).resolve("labels.csv");
            if (!Files.isRegularFile(csv)) {
                continue; // the data is for development only; CI may not have it
            }
            List<String> header = List.of(Files.readAllLines(csv).get(0).split(","));
            int col = header.indexOf("label");
            Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[col]).distinct().forEach(label ->
                    assertThat(kb.label(e.getKey(), label)).as(e.getKey() + "/" + label).isPresent());
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
