package org.fractify.dicom;

/**
 * DICOM Value Representations (PS3.5 section 6.2, Table 6.2-1).
 *
 * <p>Each constant knows the length of its explicit VR element header (PS3.5 section 7.1.2: 8 bytes with a
 * 2-byte length, or 12 bytes with 2 reserved bytes and a 4-byte length), the byte used to pad values to an even
 * length (PS3.5 section 6.2: space for character strings, NUL for UI and binary VRs), and whether multiple
 * values are separated by a backslash.
 */
public enum VR {
    AE(Kind.STRING, false), AS(Kind.STRING, false), AT(Kind.BINARY, false), CS(Kind.STRING, false),
    DA(Kind.STRING, false), DS(Kind.STRING, false), DT(Kind.STRING, false), FD(Kind.BINARY, false),
    FL(Kind.BINARY, false), IS(Kind.STRING, false), LO(Kind.STRING, false), LT(Kind.TEXT, false),
    OB(Kind.BINARY, true), OD(Kind.BINARY, true), OF(Kind.BINARY, true), OL(Kind.BINARY, true),
    OV(Kind.BINARY, true), OW(Kind.BINARY, true), PN(Kind.STRING, false), SH(Kind.STRING, false),
    SL(Kind.BINARY, false), SQ(Kind.SEQUENCE, true), SS(Kind.BINARY, false), ST(Kind.TEXT, false),
    SV(Kind.BINARY, true), TM(Kind.STRING, false), UC(Kind.STRING, true), UI(Kind.UID, false),
    UL(Kind.BINARY, false), UN(Kind.BINARY, true), UR(Kind.TEXT, true), US(Kind.BINARY, false),
    UT(Kind.TEXT, true), UV(Kind.BINARY, true);

    private enum Kind { STRING, TEXT, UID, BINARY, SEQUENCE }

    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            String n = vr.name();
            BY_CODE[(n.charAt(0) - 'A') * 26 + (n.charAt(1) - 'A')] = vr;
        }
    }

    private final Kind kind;
    private final boolean longLength;

    VR(Kind kind, boolean longLength) {
        this.kind = kind;
        this.longLength = longLength;
    }

    /**
     * Looks up a VR from its two header bytes. Returns {@code null} for anything that is not one of the upper
     * case codes of PS3.5 Table 6.2-1 (lower case, NUL or unknown codes are not VRs).
     */
    public static VR fromBytes(int b0, int b1) {
        if (b0 < 'A' || b0 > 'Z' || b1 < 'A' || b1 > 'Z') {
            return null;
        }
        return BY_CODE[(b0 - 'A') * 26 + (b1 - 'A')];
    }

    /** Looks up a VR by its code ("US", "OB", ...), or {@code null}. */
    public static VR fromCode(String code) {
        if (code == null || code.length() != 2) {
            return null;
        }
        return fromBytes(code.charAt(0), code.charAt(1));
    }

    /**
     * Length in bytes of an explicit VR element header: 12 for VRs with a 32-bit length field (OB, OD, OF,
     * OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV), 8 otherwise (PS3.5 section 7.1.2, Tables 7.1-1 and 7.1-2).
     * Implicit VR headers are always 8 bytes (PS3.5 section 7.1.3).
     */
    public int explicitHeaderLength() {
        return longLength ? 12 : 8;
    }

    /** True when the explicit VR header uses 2 reserved bytes and a 32-bit length. */
    public boolean hasLongLength() {
        return longLength;
    }

    /** Padding byte used to reach an even value length (PS3.5 section 6.2): space, or NUL for UI and binary. */
    public byte paddingByte() {
        return kind == Kind.STRING || kind == Kind.TEXT ? (byte) ' ' : 0;
    }

    /** Character string VRs (including text and UI). */
    public boolean isString() {
        return kind == Kind.STRING || kind == Kind.TEXT || kind == Kind.UID;
    }

    /** True when the value may hold several values separated by backslash (not LT, ST, UT, UR). */
    public boolean isMultiValuedString() {
        return kind == Kind.STRING || kind == Kind.UID;
    }

    /** True for VRs whose leading spaces are significant (LT, ST, UT, UR keep them; PS3.5 Table 6.2-1). */
    boolean keepsLeadingSpaces() {
        return kind == Kind.TEXT;
    }

    /** Size in bytes of one binary value (AT counts as 4), or 0 for strings, sequences and "other" byte data. */
    public int binaryValueSize() {
        switch (this) {
            case SS: case US: case OW: return 2;
            case SL: case UL: case FL: case AT: case OF: case OL: return 4;
            case FD: case OD: case SV: case UV: case OV: return 8;
            case OB: case UN: return 1;
            default: return 0;
        }
    }
}
