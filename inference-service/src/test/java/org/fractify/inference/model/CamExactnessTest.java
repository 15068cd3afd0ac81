package org.fractify.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heatmap is an exact CAM only if every shipped graph ends in global average pooling and one linear layer:
 * then logits[c] = mean(cam[c]) + bias[c] for every input, so logits[c] - mean(cam[c]) is the same constant
 * (the bias) whatever the image. Checked here through DJL on the shipped files, with three unrelated inputs
 * of different sizes; training checked CAM == Grad-CAM in Python against autograd, and each card records that
 * check, which is read back here for the weights the card names (the reader verifies their sha256).
 */
class CamExactnessTest {

    private static final Path MODELS = Path.of("../models");

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", "1");
    }

    static Stream<Path> bundles() throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(MODELS)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("card.json"))).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(9); // seven modalities, ct_brain subtypes, the guard
        return dirs.stream();
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void logitsAreTheCamMeanPlusAConstantBiasAndTheCardRecordsTheGradCamCheck(Path dir) throws Exception {
        ModelBundle bundle = ModelBundleReader.read(dir, new ObjectMapper());
        JsonNode check = bundle.card().path("cam_check");
        assertThat(check.path("passed").asBoolean()).as("%s cam_check.passed", dir).isTrue();
        assertThat(check.path("max_relative_error").asDouble(1)).isLessThanOrEqualTo(check.path("tolerance").asDouble());

        Random random = new Random(7);
        try (ModelRunner runner = ModelRunner.load(dir, bundle.card().path("file").asText("model.pt"), 1)) {
            double[] bias = null;
            for (int side : new int[] {96, 160, 256}) {
                float[] pixels = new float[side * side];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = random.nextInt(256);
                }
                ForwardPass pass = runner.forward(new GrayImage(side, side, pixels));
                assertThat(pass.logits()).hasSize(bundle.labels().size());
                assertThat(pass.cam()).hasDimensions(bundle.labels().size(), pass.camWidth() * pass.camHeight());
                double[] offset = new double[pass.logits().length];
                for (int c = 0; c < offset.length; c++) {
                    double mean = 0;
                    for (float v : pass.cam()[c]) {
                        mean += v;
                    }
                    offset[c] = pass.logits()[c] - mean / pass.cam()[c].length;
                }
                if (bias == null) {
                    bias = offset;
                } else {
                    for (int c = 0; c < offset.length; c++) {
                        assertThat(offset[c]).as("%s label %d: logit - mean(CAM) at %d px", dir.getFileName(), c, side)
                                .isCloseTo(bias[c], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(bias[c]))));
                    }
                }
            }
        }
    }
}
