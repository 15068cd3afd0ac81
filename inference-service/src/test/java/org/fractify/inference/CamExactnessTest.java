package org.fractify.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Random;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.service.ModelRegistry;
import org.fractify.testsupport.KafkaTestResource;
import org.junit.jupiter.api.Test;

/**
 * The heatmap is an exact CAM only if every served graph ends in global average pooling and one linear layer:
 * then logits[c] = mean(cam[c]) + bias[c] for every input, so logits[c] - mean(cam[c]) is the same constant
 * (the bias) whatever the image. Checked on the models as inference-service loaded them (DJL, the shipped files
 * whose sha256 the bundle reader verified), with three unrelated inputs of different sizes. Training checked
 * CAM == Grad-CAM in Python against autograd; each card records that check, and it must have passed.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class CamExactnessTest {

    @Inject
    ModelRegistry registry;

    @Test
    void logitsAreTheCamMeanPlusAConstantBiasForEveryServedModel() throws Exception {
        List<ModelRegistry.LoadedModel> models = registry.all();
        assertThat(models).hasSizeGreaterThanOrEqualTo(9); // seven modalities, ct_brain subtypes, the guard
        Random random = new Random(7);
        for (ModelRegistry.LoadedModel model : models) {
            String name = model.bundle().name();
            JsonNode check = model.bundle().card().path("cam_check");
            assertThat(check.path("passed").asBoolean()).as("%s: card cam_check.passed", name).isTrue();
            assertThat(check.path("max_relative_error").asDouble(1)).as("%s: Grad-CAM check error", name)
                    .isLessThanOrEqualTo(check.path("tolerance").asDouble());
            double[] bias = null;
            for (int side : new int[] {96, 160, 256}) {
                float[] pixels = new float[side * side];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = random.nextInt(256);
                }
                ForwardPass pass = model.runner().forward(new GrayImage(side, side, pixels));
                assertThat(pass.logits()).as(name).hasSize(model.bundle().labels().size());
                assertThat(pass.cam()).as(name).hasDimensions(pass.logits().length, pass.camWidth() * pass.camHeight());
                double[] offset = new double[pass.logits().length];
                for (int c = 0; c < offset.length; c++) {
                    double sum = 0;
                    for (float v : pass.cam()[c]) {
                        sum += v;
                    }
                    offset[c] = pass.logits()[c] - sum / pass.cam()[c].length;
                }
                if (bias == null) {
                    bias = offset;
                    continue;
                }
                for (int c = 0; c < offset.length; c++) {
                    assertThat(offset[c]).as("%s label %d: logit - mean(CAM) at %d px", name, c, side)
                            .isCloseTo(bias[c], within(1e-4 * (1 + Math.abs(bias[c]))));
                }
            }
        }
    }
}
