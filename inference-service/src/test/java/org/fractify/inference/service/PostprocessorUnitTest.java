package org.fractify.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.ModelBundle;
import org.junit.jupiter.api.Test;

class PostprocessorUnitTest {

    private static final ModelBundle CHEST = new ModelBundle("chest_xray", "test", "0.0.1",
            List.of("normal", "pneumonia"), Set.of("normal"), 2.0, "softmax", Map.of("pneumonia", 0.6),
            Map.of("pneumonia", new ModelBundle.Condition("Pneumonia", "http://snomed.info/sct", "233604007",
                    "Pneumonia (disorder)", Map.of("Mild", 2, "Moderate", 3, "Severe", 4), "why")),
            "chest_frontal", "primary", 0, JsonNodeFactory.instance.objectNode());

    private static final Postprocessor.Geometry SQUARE = new Postprocessor.Geometry(224, 224, 224);

    /** A 4x4 map hot in its lower-left cell only (viewer's left = patient's right). */
    private static float[] lowerLeftHot() {
        float[] map = new float[16];
        map[12] = 4f;
        return map;
    }

    @Test
    void temperatureScaledSoftmaxCoversEveryLabel() {
        var result = Postprocessor.interpret(CHEST, new ForwardPass(new float[] {0f, 4f},
                new float[][] {new float[16], lowerLeftHot()}, 4, 4), SQUARE);
        // softmax([0, 4] / 2) = [0.1192, 0.8808]
        assertThat(result.scores()).containsOnlyKeys("normal", "pneumonia");
        assertThat(result.scores().get("pneumonia")).isCloseTo(0.8808, within(1e-4));
        assertThat(result.scores().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void findingAboveThresholdIsLocatedFromTheMap() {
        var result = Postprocessor.interpret(CHEST, new ForwardPass(new float[] {0f, 4f},
                new float[][] {new float[16], lowerLeftHot()}, 4, 4), SQUARE);
        assertThat(result.findings()).hasSize(1);
        var f = result.findings().get(0);
        assertThat(f.condition()).isEqualTo("Pneumonia");
        assertThat(f.code().code()).isEqualTo("233604007");
        assertThat(f.confidence()).isEqualTo(88.1);
        assertThat(f.severity()).isEqualTo("Mild"); // 1 of 16 cells
        assertThat(f.urgency()).isEqualTo(2);
        assertThat(f.location().description()).isEqualTo("right lung, lower zone");
        assertThat(f.location().bbox()).containsExactly(0.0, 0.75, 0.25, 0.25);
        assertThat(result.urgency()).isEqualTo(2);
        assertThat(result.heatmap().label()).isEqualTo("pneumonia");
        assertThat(result.heatmap().values().get(12)).isEqualTo(1.0);
    }

    @Test
    void belowThresholdGivesNoFindingAndUrgencyOne() {
        // softmax([0, 0.5] / 2): pneumonia 0.562 < 0.6
        var result = Postprocessor.interpret(CHEST, new ForwardPass(new float[] {0f, 0.5f},
                new float[][] {new float[16], lowerLeftHot()}, 4, 4), SQUARE);
        assertThat(result.findings()).isEmpty();
        assertThat(result.urgency()).isEqualTo(1);
        assertThat(result.heatmap().label()).isEqualTo("pneumonia"); // still explained, for the reader
    }

    @Test
    void extentSetsSeverity() {
        float[] wide = new float[16];
        java.util.Arrays.fill(wide, 0, 8, 1f); // half the image
        var result = Postprocessor.interpret(CHEST, new ForwardPass(new float[] {0f, 6f},
                new float[][] {new float[16], wide}, 4, 4), SQUARE);
        assertThat(result.findings().get(0).severity()).isEqualTo("Severe");
        assertThat(result.urgency()).isEqualTo(4);
    }

    @Test
    void boxIsMappedBackThroughTheLetterbox() {
        // A 448 x 224 landscape image letterboxed onto 224: content occupies rows 56..168 of the square.
        var geometry = new Postprocessor.Geometry(224, 448, 224);
        assertThat(geometry.toSourceY(0.25)).isCloseTo(0.0, within(1e-9));
        assertThat(geometry.toSourceY(0.5)).isCloseTo(0.5, within(1e-9));
        assertThat(geometry.toSourceX(0.5)).isCloseTo(0.5, within(1e-9));
    }
}
