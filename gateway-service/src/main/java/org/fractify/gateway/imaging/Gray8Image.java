package org.fractify.gateway.imaging;

/**
 * An 8-bit grayscale image, row by row, one byte per pixel: the shape every input is brought to before
 * it is letterboxed for the models.
 */
public record Gray8Image(int width, int height, byte[] pixels) {

    public Gray8Image {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException(width + " x " + height + " does not match " + pixels.length + " bytes");
        }
    }

    /** Gray level 0-255 at (x, y). */
    public int at(int x, int y) {
        return pixels[y * width + x] & 0xff;
    }
}
