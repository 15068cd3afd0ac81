package org.fractify.inference.model;

/**
 * Raw output of one forward pass.
 *
 * @param logits    one per label
 * @param cam       class activation maps, [label][row * camWidth + col], unnormalised
 * @param camWidth  CAM grid columns
 * @param camHeight CAM grid rows
 */
public record ForwardPass(float[] logits, float[][] cam, int camWidth, int camHeight) {
}
