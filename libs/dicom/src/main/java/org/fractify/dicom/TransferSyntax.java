package org.fractify.dicom;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Transfer syntaxes known to the reader (PS3.5 section 10 and Annex A; UIDs and names from PS3.6 Annex A).
 *
 * <p>A transfer syntax fixes how the data set is encoded (implicit/explicit VR, byte order, deflate, PS3.5
 * section A.1 to A.5) and how Pixel Data is encoded (native or encapsulated, PS3.5 section A.4). The data set
 * of every constant can be parsed; {@link #pixelDecodingSupported()} says whether pixel data can be decoded.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Implicit VR Little Endian", Codec.NATIVE, false, false, false),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Explicit VR Little Endian", Codec.NATIVE, true, false, false),
    ENCAPSULATED_UNCOMPRESSED("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian",
            Codec.ENCAPSULATED_NATIVE, true, false, false),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian",
            Codec.NATIVE, true, false, true),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Explicit VR Big Endian (retired)", Codec.NATIVE, true, true, false),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", Codec.JPEG, true, false, false),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", Codec.JPEG, true, false, false),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", Codec.JPEG,
            true, false, false),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70",
            "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", Codec.JPEG,
            true, false, false),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", Codec.JPEG_LS, true, false, false),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression",
            Codec.JPEG_LS, true, false, false),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", Codec.JPEG_2000,
            true, false, false),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", Codec.JPEG_2000, true, false, false),
    JPEG_2000_MC_LOSSLESS("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)",
            Codec.UNSUPPORTED, true, false, false),
    JPEG_2000_MC("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression",
            Codec.UNSUPPORTED, true, false, false),
    JPIP_REFERENCED("1.2.840.10008.1.2.4.94", "JPIP Referenced", Codec.UNSUPPORTED, true, false, false),
    JPIP_REFERENCED_DEFLATE("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", Codec.UNSUPPORTED, true, false, true),
    MPEG2_MAIN("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", Codec.UNSUPPORTED, true, false, false),
    MPEG2_MAIN_FRAGMENTABLE("1.2.840.10008.1.2.4.100.1", "Fragmentable MPEG2 Main Profile / Main Level",
            Codec.UNSUPPORTED, true, false, false),
    MPEG2_HIGH("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", Codec.UNSUPPORTED, true, false, false),
    MPEG2_HIGH_FRAGMENTABLE("1.2.840.10008.1.2.4.101.1", "Fragmentable MPEG2 Main Profile / High Level",
            Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP41("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP41_FRAGMENTABLE("1.2.840.10008.1.2.4.102.1", "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1",
            Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP41_BD("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1",
            Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP41_BD_FRAGMENTABLE("1.2.840.10008.1.2.4.103.1",
            "Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP42_2D("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video",
            Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP42_2D_FRAGMENTABLE("1.2.840.10008.1.2.4.104.1",
            "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP42_3D("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video",
            Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP42_3D_FRAGMENTABLE("1.2.840.10008.1.2.4.105.1",
            "Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP42_STEREO("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2",
            Codec.UNSUPPORTED, true, false, false),
    MPEG4_HP42_STEREO_FRAGMENTABLE("1.2.840.10008.1.2.4.106.1",
            "Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", Codec.UNSUPPORTED, true, false, false),
    HEVC_MP51("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", Codec.UNSUPPORTED, true, false, false),
    HEVC_M10P51("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", Codec.UNSUPPORTED, true, false, false),
    JPEG_XL_LOSSLESS("1.2.840.10008.1.2.4.110", "JPEG XL Lossless", Codec.UNSUPPORTED, true, false, false),
    JPEG_XL_RECOMPRESSION("1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", Codec.UNSUPPORTED, true, false, false),
    JPEG_XL("1.2.840.10008.1.2.4.112", "JPEG XL", Codec.UNSUPPORTED, true, false, false),
    HTJ2K_LOSSLESS("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)",
            Codec.UNSUPPORTED, true, false, false),
    HTJ2K_LOSSLESS_RPCL("1.2.840.10008.1.2.4.202",
            "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", Codec.UNSUPPORTED,
            true, false, false),
    HTJ2K("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", Codec.UNSUPPORTED, true, false, false),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", Codec.RLE, true, false, false),
    DEFLATED_IMAGE_FRAME("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression", Codec.UNSUPPORTED,
            true, false, false),
    SMPTE_ST_2110_20_UNCOMPRESSED_PROGRESSIVE("1.2.840.10008.1.2.7.1",
            "SMPTE ST 2110-20 Uncompressed Progressive Active Video", Codec.UNSUPPORTED, true, false, false),
    SMPTE_ST_2110_20_UNCOMPRESSED_INTERLACED("1.2.840.10008.1.2.7.2",
            "SMPTE ST 2110-20 Uncompressed Interlaced Active Video", Codec.UNSUPPORTED, true, false, false),
    SMPTE_ST_2110_30_PCM("1.2.840.10008.1.2.7.3", "SMPTE ST 2110-30 PCM Digital Audio", Codec.UNSUPPORTED,
            true, false, false);

    /** How Pixel Data is encoded under this transfer syntax. */
    public enum Codec {
        /** Native (uncompressed) pixel data, PS3.5 section 8.1.1 and A.1 to A.3. */
        NATIVE,
        /** Encapsulated uncompressed frames, PS3.5 section A.4.11. */
        ENCAPSULATED_NATIVE,
        /** RLE Lossless, PS3.5 Annex G. */
        RLE,
        /** JPEG (ISO 10918-1) baseline, extended and lossless processes, PS3.5 section A.4.1. */
        JPEG,
        /** JPEG-LS (ISO 14495-1 / ITU-T T.87), PS3.5 section A.4.3. */
        JPEG_LS,
        /** JPEG 2000 Part 1 (ISO 15444-1), PS3.5 section A.4.4. */
        JPEG_2000,
        /** Encapsulated pixel data for which no decoder is available (video, HTJ2K, JPEG XL, ...). */
        UNSUPPORTED
    }

    private static final Map<String, TransferSyntax> BY_UID = new HashMap<>();

    static {
        for (TransferSyntax ts : values()) {
            BY_UID.put(ts.uid, ts);
        }
    }

    private final String uid;
    private final String displayName;
    private final Codec codec;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;

    TransferSyntax(String uid, String displayName, Codec codec, boolean explicitVr, boolean bigEndian,
            boolean deflated) {
        this.uid = uid;
        this.displayName = displayName;
        this.codec = codec;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
    }

    /** Looks a transfer syntax up by UID (trailing NUL/space padding ignored). */
    public static Optional<TransferSyntax> of(String uid) {
        if (uid == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_UID.get(trimUid(uid)));
    }

    /** The registered name of a transfer syntax UID, or "unknown transfer syntax". */
    public static String nameOf(String uid) {
        return of(uid).map(TransferSyntax::displayName).orElse("unknown transfer syntax");
    }

    static String trimUid(String uid) {
        int end = uid.length();
        while (end > 0 && (uid.charAt(end - 1) == 0 || uid.charAt(end - 1) == ' ')) {
            end--;
        }
        int start = 0;
        while (start < end && uid.charAt(start) == ' ') {
            start++;
        }
        return uid.substring(start, end);
    }

    public String uid() {
        return uid;
    }

    /** Name as registered in PS3.6 Annex A. */
    public String displayName() {
        return displayName;
    }

    public Codec codec() {
        return codec;
    }

    /** Explicit VR encoding (PS3.5 section 7.1.2) rather than implicit (section 7.1.3). */
    public boolean explicitVr() {
        return explicitVr;
    }

    /** Big endian byte ordering (PS3.5 section 7.3). */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** Data set deflated after the File Meta Information (PS3.5 section A.5). */
    public boolean deflated() {
        return deflated;
    }

    /** Pixel Data is encapsulated in fragments (PS3.5 section A.4). */
    public boolean encapsulated() {
        return codec != Codec.NATIVE;
    }

    /** Lossy compression (the decoded values only approximate the original). */
    public boolean lossy() {
        switch (this) {
            case JPEG_BASELINE: case JPEG_EXTENDED: case JPEG_LS_NEAR_LOSSLESS: case JPEG_2000: case JPEG_2000_MC:
            case JPIP_REFERENCED: case JPIP_REFERENCED_DEFLATE: case HTJ2K: case JPEG_XL: case JPEG_XL_RECOMPRESSION:
                return true;
            default:
                return name().startsWith("MPEG") || name().startsWith("HEVC");
        }
    }

    /**
     * True when this library can decode Pixel Data of this transfer syntax (some files may still be refused,
     * e.g. 12-bit JPEG Extended, which no available decoder handles).
     */
    public boolean pixelDecodingSupported() {
        return codec != Codec.UNSUPPORTED;
    }

    @Override
    public String toString() {
        return uid + " (" + displayName + ")";
    }
}
