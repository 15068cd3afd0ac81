package org.fractify.dicom;

/**
 * A lookup table (Modality LUT, VOI LUT or one channel of a Palette Color LUT; PS3.3 C.11.1, C.11.2, C.7.6.3):
 * input values from {@code firstMappedValue} map to {@code data[value - firstMappedValue]}, values outside the
 * range map to the first or last entry (PS3.3 C.11.2.1.1).
 *
 * @param firstMappedValue first input value mapped (second value of the LUT Descriptor)
 * @param bitsPerEntry     bits per entry (third value of the LUT Descriptor)
 * @param explanation      LUT Explanation (0028,3003), or null
 */
public record LookupTable(int firstMappedValue, int bitsPerEntry, int[] data, String explanation) {

    public LookupTable {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("empty LUT");
        }
        data = data.clone();
    }

    /** Number of entries. */
    public int size() {
        return data.length;
    }

    /** A copy of the entries. */
    @Override
    public int[] data() {
        return data.clone();
    }

    /** Maps one value, clamping to the first/last entry. */
    public int lookup(int value) {
        long index = (long) value - firstMappedValue;
        if (index <= 0) {
            return data[0];
        }
        if (index >= data.length) {
            return data[data.length - 1];
        }
        return data[(int) index];
    }
}
