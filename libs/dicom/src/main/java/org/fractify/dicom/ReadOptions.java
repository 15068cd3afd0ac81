package org.fractify.dicom;

/**
 * Limits and switches for {@link DicomReader}. Every limit protects against hostile input: lengths are checked
 * against what remains before anything is allocated, and the limits below cap what a valid-looking input may
 * make the reader allocate.
 *
 * @param maxBytes          largest input accepted (for deflated data sets: also the largest inflated size)
 * @param maxValueLength    largest single element value (including encapsulated pixel data) accepted
 * @param maxSequenceDepth  deepest nesting of sequences accepted (PS3.5 section 7.5 allows any depth), at most
 *                          {@value #MAX_SEQUENCE_DEPTH} (parsing recurses a few frames per level)
 * @param maxElements       most elements (all nesting levels, items and fragments included) accepted
 * @param maxFrameSamples   most samples (rows x columns x samples per pixel) a decoded frame may have
 * @param stopBeforePixels  stop parsing at the top level Pixel Data element (metadata only)
 */
public record ReadOptions(long maxBytes, long maxValueLength, int maxSequenceDepth, int maxElements,
        long maxFrameSamples, boolean stopBeforePixels) {

    /** Upper bound for {@link #maxSequenceDepth()}. */
    public static final int MAX_SEQUENCE_DEPTH = 1000;

    /** Java arrays cannot hold more than this many bytes. */
    static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

    public ReadOptions {
        if (maxBytes <= 0 || maxValueLength <= 0 || maxSequenceDepth <= 0 || maxElements <= 0
                || maxFrameSamples <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxSequenceDepth > MAX_SEQUENCE_DEPTH) {
            throw new IllegalArgumentException("maxSequenceDepth above " + MAX_SEQUENCE_DEPTH);
        }
        maxBytes = Math.min(maxBytes, ARRAY_LIMIT);
        maxValueLength = Math.min(maxValueLength, ARRAY_LIMIT);
        maxFrameSamples = Math.min(maxFrameSamples, ARRAY_LIMIT);
    }

    /**
     * Defaults: 1 GiB input, 1 GiB value, 64 nested sequences, 4 Mi elements, 2^27 samples per frame (a 512 MiB
     * int array), pixel data parsed.
     */
    public static ReadOptions defaults() {
        return new ReadOptions(1L << 30, 1L << 30, 64, 1 << 22, 1L << 27, false);
    }

    public ReadOptions withMaxBytes(long value) {
        return new ReadOptions(value, maxValueLength, maxSequenceDepth, maxElements, maxFrameSamples,
                stopBeforePixels);
    }

    public ReadOptions withMaxValueLength(long value) {
        return new ReadOptions(maxBytes, value, maxSequenceDepth, maxElements, maxFrameSamples, stopBeforePixels);
    }

    public ReadOptions withMaxSequenceDepth(int value) {
        return new ReadOptions(maxBytes, maxValueLength, value, maxElements, maxFrameSamples, stopBeforePixels);
    }

    public ReadOptions withMaxElements(int value) {
        return new ReadOptions(maxBytes, maxValueLength, maxSequenceDepth, value, maxFrameSamples, stopBeforePixels);
    }

    public ReadOptions withMaxFrameSamples(long value) {
        return new ReadOptions(maxBytes, maxValueLength, maxSequenceDepth, maxElements, value, stopBeforePixels);
    }

    public ReadOptions withStopBeforePixels(boolean value) {
        return new ReadOptions(maxBytes, maxValueLength, maxSequenceDepth, maxElements, maxFrameSamples, value);
    }
}
