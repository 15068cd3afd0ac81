package org.fractify.gateway.imaging;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fractify.contracts.Modality;

/**
 * Which grayscale window feeds each model. Models take one 8-bit gray channel, so a CT's Hounsfield
 * units must be windowed by the gateway, the same way the model's training images were; radiographs and
 * MR keep the VOI of the file. The table (and its alternatives) is written down in docs/preprocessing.md,
 * which model cards reference by window id; changing a row means retraining that model, so it is code,
 * not configuration (docs/decisions/0006-dicom-preprocessing-windows.md).
 */
public final class DicomWindows {

    /** A named CT window in Hounsfield units. */
    public record CtWindow(String id, double center, double width, String purpose) {
        public Grayscale.Window voi() {
            return new Grayscale.Window(center, width, Grayscale.WindowFunction.LINEAR);
        }
    }

    public static final CtWindow BRAIN = new CtWindow("ct-brain", 40, 80, "brain parenchyma, acute blood");
    public static final CtWindow SUBDURAL = new CtWindow("ct-subdural", 80, 200, "thin extra-axial collections");
    public static final CtWindow LUNG = new CtWindow("ct-lung", -600, 1500, "lung parenchyma, nodules");
    public static final CtWindow MEDIASTINUM = new CtWindow("ct-mediastinum", 50, 350, "mediastinum, hila, masses");
    public static final CtWindow ABDOMEN = new CtWindow("ct-abdomen", 40, 400, "abdominal organs, kidneys");

    /** The window each CT model is fed; the other windows are documented alternatives. */
    private static final Map<Modality, CtWindow> FED = new EnumMap<>(Map.of(
            Modality.CT_BRAIN, BRAIN,
            // The ct_chest training images (IQ-OTHNCCD) are mediastinal-window renderings: lungs black,
            // soft tissue grey. Feeding the lung window would show the model a contrast it never saw.
            Modality.CT_CHEST, MEDIASTINUM,
            Modality.ABDOMINAL_CT, ABDOMEN));

    /** Every window the documentation lists, fed or not. */
    public static final List<CtWindow> ALL = List.of(BRAIN, SUBDURAL, LUNG, MEDIASTINUM, ABDOMEN);

    /** Window id when the file's VOI LUT Sequence was applied. */
    public static final String FILE_VOI_LUT = "file-voi-lut";
    /** Window id when the file's first Window Center/Width pair was applied. */
    public static final String FILE_WINDOW = "file-window";
    /** Window id for data of at most 8 bits without any VOI: the full stored range. */
    public static final String FULL_RANGE = "full-range";
    /** Window id for deeper data without any VOI: the image's own minimum to maximum. */
    public static final String MIN_MAX = "min-max";
    /** Window id for colour images: BT.601 luma. */
    public static final String LUMA = "luma";

    private DicomWindows() {
    }

    /**
     * The fixed window for a CT model, applied only to files whose Modality is CT (whose values are
     * Hounsfield units after the rescale); empty for the other models, which keep the file's VOI.
     */
    public static Optional<CtWindow> fedTo(Modality modality) {
        return Optional.ofNullable(FED.get(modality));
    }
}
