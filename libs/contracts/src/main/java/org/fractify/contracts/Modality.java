package org.fractify.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The seven study types Fractify analyses; the wire name is what API clients send as {@code modality}. */
public enum Modality {
    CHEST_XRAY("chest_xray"),
    BONE_XRAY("bone_xray"),
    CT_BRAIN("ct_brain"),
    CT_CHEST("ct_chest"),
    BRAIN_MRI("brain_mri"),
    DENTAL("dental"),
    ABDOMINAL_CT("abdominal_ct");

    private final String wireName;

    Modality(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; empty when the name is not one of the seven. */
    public static Optional<Modality> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static Modality fromJson(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown modality " + name));
    }

    /** The wire names joined for messages such as "must be one of ...". */
    public static String wireNames() {
        return Arrays.stream(values()).map(Modality::wireName).collect(Collectors.joining(", "));
    }
}
