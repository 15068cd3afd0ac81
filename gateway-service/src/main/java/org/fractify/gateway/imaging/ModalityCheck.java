package org.fractify.gateway.imaging;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fractify.contracts.Modality;

/**
 * Does a DICOM file's own Modality (0008,0060) and Body Part Examined (0018,0015) contradict the
 * modality the client asked for? Only a known value that belongs elsewhere contradicts: an absent
 * value, OT ("other") or a body part this table does not know (vendors write free text, in many
 * languages) lets the request through. See docs/decisions/0010-dicom-modality-check.md.
 */
final class ModalityCheck {

    private static final Set<String> RADIOGRAPHY = Set.of("CR", "DX", "DR", "RG");

    private static final Map<Modality, Set<String>> DEVICE = new EnumMap<>(Map.of(
            Modality.CHEST_XRAY, RADIOGRAPHY,
            Modality.BONE_XRAY, RADIOGRAPHY,
            Modality.DENTAL, Set.of("CR", "DX", "DR", "RG", "IO", "PX"),
            Modality.CT_BRAIN, Set.of("CT"),
            Modality.CT_CHEST, Set.of("CT"),
            Modality.ABDOMINAL_CT, Set.of("CT"),
            Modality.BRAIN_MRI, Set.of("MR")));

    /** Body regions; a Body Part Examined term maps to one or more. */
    enum Region { HEAD, JAW, NECK, CHEST, ABDOMEN, PELVIS, SPINE, LIMB, ANY }

    /** Regions each modality's model covers; a modality absent here has no body-part check (bones are everywhere). */
    private static final Map<Modality, Set<Region>> REGIONS = new EnumMap<>(Map.of(
            Modality.CHEST_XRAY, Set.of(Region.CHEST),
            Modality.CT_CHEST, Set.of(Region.CHEST),
            Modality.CT_BRAIN, Set.of(Region.HEAD),
            Modality.BRAIN_MRI, Set.of(Region.HEAD),
            Modality.ABDOMINAL_CT, Set.of(Region.ABDOMEN, Region.PELVIS),
            Modality.DENTAL, Set.of(Region.JAW, Region.HEAD)));

    /** PS3.16 Annex L defined terms (and common vendor spellings), letters only, upper case. */
    private static final Map<String, Set<Region>> BODY_PARTS = new HashMap<>();

    static {
        terms(Set.of(Region.HEAD), "HEAD", "BRAIN", "SKULL", "ORBIT", "FACE", "SINUS", "NOSE", "EAR", "IAC",
                "SELLA", "CEREBRUM", "CEREBELLUM");
        terms(Set.of(Region.HEAD, Region.NECK), "HEADNECK");
        terms(Set.of(Region.JAW), "JAW", "MANDIBLE", "MAXILLA", "TMJ", "TOOTH", "TEETH", "MOUTH", "DENTAL");
        terms(Set.of(Region.NECK), "NECK", "LARYNX", "THYROID");
        terms(Set.of(Region.CHEST), "CHEST", "LUNG", "THORAX", "HEART", "MEDIASTINUM", "RIB", "STERNUM",
                "BREAST");
        terms(Set.of(Region.CHEST, Region.ABDOMEN), "CHESTABDOMEN");
        terms(Set.of(Region.CHEST, Region.ABDOMEN, Region.PELVIS), "CHESTABDPELVIS", "TORSO");
        terms(Set.of(Region.ABDOMEN), "ABDOMEN", "KIDNEY", "LIVER", "PANCREAS", "SPLEEN", "GALLBLADDER",
                "STOMACH", "ADRENAL", "RETROPERITONEUM");
        terms(Set.of(Region.ABDOMEN, Region.PELVIS), "ABDOMENPELVIS");
        terms(Set.of(Region.PELVIS), "PELVIS", "BLADDER", "PROSTATE", "UTERUS", "HIP", "SACRUM", "COCCYX");
        terms(Set.of(Region.SPINE), "SPINE", "CSPINE", "TSPINE", "LSPINE", "SSPINE", "CTSPINE", "TLSPINE",
                "LSSPINE");
        terms(Set.of(Region.LIMB), "EXTREMITY", "ARM", "UPRLIMB", "UPPERLIMB", "LOWRLIMB", "LOWERLIMB", "LEG",
                "HAND", "WRIST", "FINGER", "THUMB", "FOREARM", "ELBOW", "HUMERUS", "SHOULDER", "CLAVICLE",
                "SCAPULA", "FEMUR", "KNEE", "PATELLA", "TIBIA", "FIBULA", "ANKLE", "FOOT", "TOE", "HEEL",
                "CALCANEUS");
        terms(Set.of(Region.ANY), "WHOLEBODY");
    }

    private static void terms(Set<Region> regions, String... names) {
        for (String n : names) {
            BODY_PARTS.put(n, regions);
        }
    }

    private ModalityCheck() {
    }

    /**
     * Why the file is not of the requested modality, naming both values; empty when nothing contradicts.
     *
     * @param dicomModality Modality (0008,0060) of the file, or null
     * @param bodyPart      Body Part Examined (0018,0015) of the file, or null
     */
    public static Optional<String> contradiction(Modality requested, String dicomModality, String bodyPart) {
        String device = dicomModality == null ? "" : dicomModality.trim().toUpperCase(Locale.ROOT);
        if (!device.isEmpty() && !device.equals("OT") && !DEVICE.get(requested).contains(device)) {
            return Optional.of("The DICOM Modality (0008,0060) is " + printable(device) + ", but 'modality' "
                    + requested.wireName() + " needs " + String.join(" or ", sorted(DEVICE.get(requested))));
        }
        Set<Region> covered = REGIONS.get(requested);
        if (covered == null || bodyPart == null) {
            return Optional.empty();
        }
        String term = bodyPart.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        Set<Region> regions = BODY_PARTS.get(term);
        if (regions == null || regions.contains(Region.ANY) || regions.stream().anyMatch(covered::contains)) {
            return Optional.empty();
        }
        return Optional.of("The DICOM Body Part Examined (0018,0015) is " + printable(bodyPart.trim())
                + ", but 'modality' " + requested.wireName() + " is a study of the " + covered.stream()
                        .map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().reduce((a, b) -> a + " or " + b)
                        .orElseThrow());
    }

    private static java.util.List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** At most 32 printable ASCII characters: a value from the file goes into a problem detail. */
    private static String printable(String value) {
        String s = value.replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }
}
