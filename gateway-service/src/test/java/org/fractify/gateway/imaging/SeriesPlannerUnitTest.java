package org.fractify.gateway.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.fractify.contracts.Modality;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.junit.jupiter.api.Test;

class SeriesPlannerUnitTest {

    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    private static SeriesPlanner.Slice slice(int file, String series, Integer instance, double[] position,
            double[] orientation) {
        return new SeriesPlanner.Slice(file, "images_base64[" + file + "]", series, "1.2.9." + file, instance,
                position, orientation, null);
    }

    private static List<Integer> instanceOrder(SeriesPlanner.Plan plan) {
        return plan.ordered().stream().map(SeriesPlanner.Slice::instanceNumber).toList();
    }

    @Test
    void slicesAreOrderedByPositionAlongTheNormalNotByInstanceNumberNorArrival() {
        // instance numbers run against the position (a scanner numbering head to feet), files arrive shuffled
        List<SeriesPlanner.Slice> files = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            files.add(slice(i, "1.2.3", 9 - i, new double[] {-120, -100, 10.0 * i}, AXIAL));
        }
        Collections.shuffle(files, new Random(7));
        SeriesPlanner.Plan plan = SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.empty(), 5);
        assertThat(instanceOrder(plan)).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(plan.rule()).contains("ImagePositionPatient along the slice normal");
    }

    @Test
    void anObliqueStackIsOrderedAlongItsOwnNormal() {
        // rows along x, columns tilted 30 degrees: the normal is (0, -sin 30, cos 30)
        double c = Math.cos(Math.toRadians(30));
        double s = Math.sin(Math.toRadians(30));
        double[] oblique = {1, 0, 0, 0, c, s};
        List<SeriesPlanner.Slice> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // step 5 mm along the normal, and slide within the plane (which must not change the order)
            double along = 5.0 * i;
            double within = (i % 2 == 0 ? 40 : -40);
            files.add(slice(i, "1.2.3", 10 + i, new double[] {0, -s * along + c * within, c * along + s * within},
                    oblique));
        }
        Collections.reverse(files);
        SeriesPlanner.Plan plan = SeriesPlanner.plan(files, Modality.CT_CHEST, Optional.empty(), 5);
        assertThat(instanceOrder(plan)).containsExactly(10, 11, 12, 13);
    }

    @Test
    void withoutPositionsInstanceNumberOrders_elseTheOrderSent() {
        List<SeriesPlanner.Slice> files = List.of(slice(0, "1.2", 3, null, null), slice(1, "1.2", 1, null, null),
                slice(2, "1.2", 2, new double[] {0, 0, 0}, AXIAL));
        SeriesPlanner.Plan plan = SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.empty(), 5);
        assertThat(instanceOrder(plan)).containsExactly(1, 2, 3);
        assertThat(plan.rule()).contains("ordered by InstanceNumber");

        List<SeriesPlanner.Slice> bare = List.of(slice(0, "1.2", null, null, null), slice(1, "1.2", 5, null, null),
                slice(2, "1.2", 1, null, null));
        SeriesPlanner.Plan sent = SeriesPlanner.plan(bare, Modality.CT_BRAIN, Optional.empty(), 5);
        assertThat(sent.ordered()).extracting(SeriesPlanner.Slice::file).containsExactly(0, 1, 2);
        assertThat(sent.rule()).contains("the order sent");
    }

    @Test
    void aLocaliserInAnotherPlaneFallsBackToInstanceNumbers() {
        List<SeriesPlanner.Slice> files = List.of(slice(0, "1.2", 2, new double[] {0, 0, 5}, AXIAL),
                slice(1, "1.2", 1, new double[] {0, 0, 0}, new double[] {1, 0, 0, 0, 0, -1}),
                slice(2, "1.2", 3, new double[] {0, 0, 10}, AXIAL));
        assertThat(instanceOrder(SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.empty(), 5)))
                .containsExactly(1, 2, 3);
    }

    @Test
    void ctBrainAnalysesTheMiddleSliceAndCandidatesSpreadOverTheMiddleThird() {
        List<SeriesPlanner.Slice> files = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            files.add(slice(i, "1.2", i + 1, new double[] {0, 0, i * 2.5}, AXIAL));
        }
        SeriesPlanner.Plan plan = SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.empty(), 5);
        assertThat(plan.representative()).isEqualTo(14);
        // middle third of 30 slices: indexes 10..19
        assertThat(plan.candidates()).hasSize(5).contains(14).allSatisfy(i -> assertThat(i).isBetween(10, 19));
        assertThat(plan.candidates()).isSorted().contains(10, 19);
        assertThat(plan.rule()).contains("ct_brain: 30 slices").contains("the middle third")
                .contains("representative: the middle slice (index 14)");

        SeriesPlanner.Plan abdomen = SeriesPlanner.plan(files, Modality.ABDOMINAL_CT, Optional.empty(), 3);
        assertThat(abdomen.candidates()).hasSize(3).contains(14).allSatisfy(i -> assertThat(i).isBetween(7, 22));
        SeriesPlanner.Plan one = SeriesPlanner.plan(files, Modality.CT_CHEST, Optional.empty(), 1);
        assertThat(one.candidates()).containsExactly(14);
    }

    @Test
    void aShortSeriesIsAnalysedWhole() {
        List<SeriesPlanner.Slice> files = List.of(slice(0, "1.2", 1, null, null), slice(1, "1.2", 2, null, null),
                slice(2, "1.2", 3, null, null));
        SeriesPlanner.Plan plan = SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.empty(), 5);
        assertThat(plan.candidates()).containsExactly(0, 1, 2);
        assertThat(plan.representative()).isEqualTo(1);
        assertThat(plan.rule()).contains("all 3 analysed");
    }

    @Test
    void chestRadiographsPreferThePaView() {
        List<SeriesPlanner.Slice> files = List.of(
                new SeriesPlanner.Slice(0, "a", "1.2", "1.2.1", 1, null, null, "LL"),
                new SeriesPlanner.Slice(1, "b", "1.2", "1.2.2", 2, null, null, "AP"),
                new SeriesPlanner.Slice(2, "c", "1.2", "1.2.3", 3, null, null, "PA"));
        assertThat(SeriesPlanner.plan(files, Modality.CHEST_XRAY, Optional.empty(), 5).representative()).isEqualTo(2);
    }

    @Test
    void mixedSeriesNeedAChoiceAndTheChoiceMustExist() {
        List<SeriesPlanner.Slice> files = List.of(slice(0, "1.2.3", 1, null, null), slice(1, "1.2.3", 2, null, null),
                slice(2, "1.2.4", 1, null, null), slice(3, "1.2.3", 3, null, null));
        assertThatThrownBy(() -> SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.empty(), 5))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.SERIES_AMBIGUOUS);
                    assertThat(e.getMessage()).contains("2 series: 1.2.3 (3 files), 1.2.4 (1 file)")
                            .contains("'series_instance_uid'");
                });
        SeriesPlanner.Plan plan = SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.of("1.2.3"), 5);
        assertThat(plan.ordered()).hasSize(3).allSatisfy(s -> assertThat(s.seriesInstanceUid()).isEqualTo("1.2.3"));
        assertThatThrownBy(() -> SeriesPlanner.plan(files, Modality.CT_BRAIN, Optional.of("9.9"), 5))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.SERIES_AMBIGUOUS));
    }

    @Test
    void theSameInstanceTwiceCountsOnceAndAMissingSeriesUidIsMalformed() {
        var a = slice(0, "1.2", 1, null, null);
        var b = new SeriesPlanner.Slice(1, "images_base64[1]", "1.2", a.sopInstanceUid(), 1, null, null, null);
        var c = slice(2, "1.2", 2, null, null);
        assertThat(SeriesPlanner.plan(List.of(a, b, c), Modality.CT_BRAIN, Optional.empty(), 5).ordered()).hasSize(2);
        var orphan = slice(3, null, 3, null, null);
        assertThatThrownBy(() -> SeriesPlanner.plan(List.of(a, c, orphan), Modality.CT_BRAIN, Optional.empty(), 5))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.DICOM_MALFORMED);
                    assertThat(e.getMessage()).contains("images_base64[3]").contains("(0020,000E)");
                });
    }
}
