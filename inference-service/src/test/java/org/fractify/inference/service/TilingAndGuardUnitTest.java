package org.fractify.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fractify.contracts.Modality;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.model.ModelBundle;
import org.junit.jupiter.api.Test;

class TilingAndGuardUnitTest {

    @Test
    void tilesCoverTheImageWithHalfTileStrideAndEndFlush() {
        assertThat(TiledPredictor.starts(256, 256)).containsExactly(0);
        assertThat(TiledPredictor.starts(512, 256)).containsExactly(0, 128, 256);
        assertThat(TiledPredictor.starts(600, 256)).containsExactly(0, 128, 256, 344);
    }

    @Test
    void aTileIsAnalysedWholeAndAPanoramicIsTiledAtTheTrainingScale() {
        ObjectNode card = JsonNodeFactory.instance.objectNode();
        card.putObject("input").put("tile_size", 128).put("tile_reference_width", 768);
        ModelBundle dental = new ModelBundle("dental", "d", "1", List.of("no_caries", "caries"), Set.of("no_caries"), 1.0,
                "softmax", Map.of("caries", 0.5), Map.of(), "dental", ModelBundle.PRIMARY, 128, card);
        assertThat(TiledPredictor.tileSide(dental, 128, 128, 128)).isZero();
        // a 1536 x 768 panoramic normalised to a 512 square: its 768-px training width maps to 512 px
        assertThat(TiledPredictor.tileSide(dental, 512, 1536, 768)).isEqualTo(85);
        assertThat(TiledPredictor.tileSide(dental, 512, 768, 384)).isEqualTo(85);
    }

    @Test
    void cropCopiesTheTileAndPadsBeyondTheEdgeWithBlack() {
        float[] px = new float[4 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = i;
        }
        GrayImage tile = TiledPredictor.crop(new GrayImage(4, 3, px), 2, 1, 3);
        assertThat(tile.pixels()).containsExactly(6, 7, 0, 10, 11, 0, 0, 0, 0);
    }

    private static ModelBundle guard(ObjectNode card) {
        return new ModelBundle(null, "guard", "0.1.0",
                List.of("abdominal_ct", "bone_xray", "brain_mri", "chest_xray", "ct_brain", "ct_chest", "dental"),
                Set.of(), 1.0, "softmax", Map.of(), Map.of(), "generic", ModelBundle.GUARD, 0, card);
    }

    @Test
    void guardRefusesOnlyAClearMismatchAndNamesBothModalities() {
        ModelBundle bundle = guard(JsonNodeFactory.instance.objectNode());
        double[] clearlyBrainMri = {0.0, 0.0, 0.97, 0.01, 0.01, 0.01, 0.0};
        assertThat(ModalityGuard.decide(bundle, clearlyBrainMri, Modality.CHEST_XRAY))
                .hasValueSatisfying(why -> assertThat(why).contains("brain_mri").contains("chest_xray"));
        assertThat(ModalityGuard.decide(bundle, clearlyBrainMri, Modality.BRAIN_MRI)).isEmpty();
        double[] unsure = {0.0, 0.0, 0.6, 0.3, 0.1, 0.0, 0.0};
        assertThat(ModalityGuard.decide(bundle, unsure, Modality.CHEST_XRAY)).isEmpty();
    }

    @Test
    void guardRuleComesFromTheCard() {
        ObjectNode card = JsonNodeFactory.instance.objectNode();
        card.putObject("guard_rule").put("t", 0.5).put("u", 0.5);
        double[] p = {0.0, 0.0, 0.6, 0.3, 0.1, 0.0, 0.0};
        assertThat(ModalityGuard.decide(guard(card), p, Modality.CHEST_XRAY)).isPresent();
    }
}
