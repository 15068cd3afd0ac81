package org.fractify.inference.service;

/**
 * Anatomical words for a point of an image (x, y normalised 0-1 to the image as sent). Radiographs
 * follow the radiological convention: the patient's right is on the viewer's left.
 */
final class Locations {

    private Locations() {
    }

    static String describe(String scheme, double x, double y) {
        return switch (scheme) {
            case "chest_frontal" -> (x < 0.5 ? "right lung" : "left lung") + ", " + zone(y) + " zone";
            case "axial" -> (x < 0.5 ? "right" : "left") + " " + (y < 0.5 ? "anterior" : "posterior") + " region";
            default -> (y < 1 / 3.0 ? "upper" : y < 2 / 3.0 ? "middle" : "lower") + " "
                    + (x < 1 / 3.0 ? "left" : x < 2 / 3.0 ? "central" : "right") + " part of the image";
        };
    }

    private static String zone(double y) {
        return y < 1 / 3.0 ? "upper" : y < 2 / 3.0 ? "middle" : "lower";
    }
}
