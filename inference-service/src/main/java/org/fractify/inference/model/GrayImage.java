package org.fractify.inference.model;

/**
 * Model input: 8-bit gray values 0-255 as floats, row-major. Each TorchScript graph does its own
 * resizing and normalisation, exactly as in training.
 */
public record GrayImage(int width, int height, float[] pixels) {
}
