package org.fractify.gateway.imaging;

import java.util.Optional;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** The formats a client may send, told by their first bytes. */
enum ImageFormat {
    PNG("png"),
    JPEG("jpeg"),
    DICOM("dicom");

    /** How a job names the format ({@code NormalisedImage.sourceFormat}) and ImageIO its codec. */
    final String wireName;

    ImageFormat(String wireName) {
        this.wireName = wireName;
    }

    /** PNG, JPEG or DICOM; anything else is a 415 (an empty image a 422). */
    static ImageFormat sniff(byte[] b) {
        if (b.length == 0) {
            throw new ProblemException(ProblemType.IMAGE_UNDECODABLE, "The image is empty (0 bytes)");
        }
        return of(b).orElseThrow(() -> new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT,
                "The image is neither PNG, JPEG nor DICOM; its first bytes match no supported format"));
    }

    /** The format whose signature the bytes start with; empty for none (and for no bytes). */
    static Optional<ImageFormat> of(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return Optional.of(PNG);
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        // Part 10: 128-byte preamble then "DICM" (a damaged magic still goes to the DICOM reader, which says
        // what is wrong); or a data set without preamble, starting with a group 0002 or 0008 tag (LE or BE).
        if (b.length >= 131 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C') {
            return Optional.of(DICOM);
        }
        if (b.length >= 8 && ((b[1] == 0 && (b[0] == 0x02 || b[0] == 0x08)) || (b[0] == 0 && (b[1] == 0x02
                || b[1] == 0x08)))) {
            return Optional.of(DICOM);
        }
        return Optional.empty();
    }
}
