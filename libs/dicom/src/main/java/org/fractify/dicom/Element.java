package org.fractify.dicom;

import java.util.List;

/**
 * One parsed data element: tag, VR and either a value slice of the shared input buffer, the items of a
 * sequence, or the fragments of encapsulated Pixel Data. Immutable; never exposes the buffer.
 */
final class Element {
    /** Marker for an undefined length (PS3.5 section 7.1.1: FFFFFFFFH). */
    static final int UNDEFINED = -1;

    final int tag;
    final VR vr;
    /** Position of the element header in the buffer. */
    final int headerOffset;
    /** Position of the value in the buffer. */
    final int valueOffset;
    /** Value length in bytes, or {@link #UNDEFINED} for undefined-length sequences and encapsulated data. */
    final int length;
    /** Items when this is a sequence, else {@code null}. */
    final List<DicomObject> items;
    /** Fragments when this is encapsulated Pixel Data, else {@code null}. */
    final Fragments fragments;

    Element(int tag, VR vr, int headerOffset, int valueOffset, int length, List<DicomObject> items,
            Fragments fragments) {
        this.tag = tag;
        this.vr = vr;
        this.headerOffset = headerOffset;
        this.valueOffset = valueOffset;
        this.length = length;
        this.items = items;
        this.fragments = fragments;
    }

    /**
     * Encapsulated Pixel Data (PS3.5 section A.4): the Basic Offset Table item and the data fragments, each
     * given as a slice of the buffer, plus the offset of each fragment's item header relative to the first
     * fragment item (the origin of Basic Offset Table values, PS3.5 section A.4).
     */
    static final class Fragments {
        final int botOffset;
        final int botLength;
        final int[] offsets;
        final int[] lengths;
        final long[] itemPositions;

        Fragments(int botOffset, int botLength, int[] offsets, int[] lengths, long[] itemPositions) {
            this.botOffset = botOffset;
            this.botLength = botLength;
            this.offsets = offsets;
            this.lengths = lengths;
            this.itemPositions = itemPositions;
        }

        int count() {
            return offsets.length;
        }
    }
}
