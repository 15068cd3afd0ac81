package org.fractify.inference.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fractify.contracts.AnalysisCompleted.Heatmap;
import org.fractify.contracts.Finding;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.ModelBundle;

/**
 * From a forward pass to the clinical answer: calibrated scores for every label, findings for the
 * abnormal labels at or above their operating threshold, severity, urgency from the bundle's table,
 * a location from the class activation map, and the map itself.
 */
public final class Postprocessor {

    /** Share of the map's peak above which a cell counts as part of the finding's region. */
    static final double REGION_LEVEL = 0.5;
    /** Region extent (share of the image) below which a finding is Mild, then Moderate; above is Severe. */
    static final double MILD_BELOW = 0.15;
    static final double MODERATE_BELOW = 0.35;

    private Postprocessor() {
    }

    /** Where the model's square input sits in the image as sent (the gateway letterboxes). */
    public record Geometry(int squareSide, int sourceWidth, int sourceHeight) {

        double toSourceX(double u) {
            double scale = (double) squareSide / Math.max(sourceWidth, sourceHeight);
            double contentW = sourceWidth * scale;
            double off = (squareSide - contentW) / 2;
            return clamp((u * squareSide - off) / contentW);
        }

        double toSourceY(double v) {
            double scale = (double) squareSide / Math.max(sourceWidth, sourceHeight);
            double contentH = sourceHeight * scale;
            double off = (squareSide - contentH) / 2;
            return clamp((v * squareSide - off) / contentH);
        }
    }

    /** The interpretation of one pass. */
    public record Interpretation(Map<String, Double> scores, List<Finding> findings, int urgency, Heatmap heatmap) {
    }

    public static Interpretation interpret(ModelBundle bundle, ForwardPass pass, Geometry geometry) {
        return interpret(bundle, probabilities(pass.logits(), bundle.temperature(), bundle.activation()), pass, geometry);
    }

    /** Interprets calibrated probabilities (e.g. aggregated over tiles) with the pass's maps. */
    public static Interpretation interpret(ModelBundle bundle, double[] p, ForwardPass pass, Geometry geometry) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < bundle.labels().size(); i++) {
            scores.put(bundle.labels().get(i), round(p[i], 4));
        }
        List<Finding> findings = new ArrayList<>();
        int topAbnormal = -1;
        for (int i = 0; i < bundle.labels().size(); i++) {
            String label = bundle.labels().get(i);
            if (bundle.normalLabels().contains(label)) {
                continue;
            }
            if (topAbnormal < 0 || p[i] > p[topAbnormal]) {
                topAbnormal = i;
            }
            if (p[i] >= bundle.thresholds().get(label)) {
                findings.add(finding(bundle, label, p[i], normalise(pass.cam()[i]), pass, geometry));
            }
        }
        findings.sort(Comparator.comparingInt(Finding::urgency).thenComparingDouble(Finding::confidence).reversed());
        int urgency = findings.stream().mapToInt(Finding::urgency).max().orElse(1);
        int explained = findings.isEmpty() ? topAbnormal
                : bundle.labels().indexOf(findings.get(0).label());
        Heatmap heatmap = explained < 0 ? null : new Heatmap(bundle.labels().get(explained), pass.camWidth(),
                pass.camHeight(), toList(normalise(pass.cam()[explained])));
        return new Interpretation(scores, findings, urgency, heatmap);
    }

    /**
     * Combines the primary model's interpretation with an extra model's (e.g. haemorrhage subtypes):
     * every score, every finding (most urgent first), the higher urgency, and the heatmap of whichever
     * top finding is more urgent.
     */
    public static Interpretation merge(Interpretation primary, Interpretation extra) {
        Map<String, Double> scores = new LinkedHashMap<>(primary.scores());
        extra.scores().forEach(scores::putIfAbsent);
        List<Finding> findings = new ArrayList<>(primary.findings());
        findings.addAll(extra.findings());
        findings.sort(Comparator.comparingInt(Finding::urgency).thenComparingDouble(Finding::confidence).reversed());
        boolean extraLeads = !extra.findings().isEmpty() && !findings.isEmpty() && findings.get(0) == extra.findings().get(0);
        Heatmap heatmap = extraLeads || primary.heatmap() == null ? extra.heatmap() : primary.heatmap();
        return new Interpretation(scores, findings, Math.max(primary.urgency(), extra.urgency()), heatmap);
    }

    public static double[] probabilities(float[] logits, double temperature, String activation) {
        double[] p = new double[logits.length];
        if ("sigmoid".equals(activation)) {
            for (int i = 0; i < logits.length; i++) {
                p[i] = 1 / (1 + Math.exp(-logits[i] / temperature));
            }
            return p;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / temperature);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** ReLU then scale to the peak (as Grad-CAM does); a map with no positive cell is min-max scaled. */
    static double[] normalise(float[] cam) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (float v : cam) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double[] out = new double[cam.length];
        for (int i = 0; i < cam.length; i++) {
            out[i] = max > 0 ? Math.max(0, cam[i]) / max : (max > min ? (cam[i] - min) / (max - min) : 0);
        }
        return out;
    }

    private static Finding finding(ModelBundle bundle, String label, double probability, double[] map, ForwardPass pass,
            Geometry geometry) {
        int w = pass.camWidth();
        int h = pass.camHeight();
        int peak = 0;
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        int cells = 0;
        for (int i = 0; i < map.length; i++) {
            if (map[i] > map[peak]) {
                peak = i;
            }
            if (map[i] >= REGION_LEVEL) {
                int x = i % w;
                int y = i / w;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                cells++;
            }
        }
        double extent = (double) cells / map.length;
        String severity = extent < MILD_BELOW ? "Mild" : extent < MODERATE_BELOW ? "Moderate" : "Severe";
        ModelBundle.Condition condition = bundle.conditions().get(label);
        int urgency = condition.urgencyBySeverity().getOrDefault(severity, 3);
        double x0 = geometry.toSourceX((double) minX / w);
        double y0 = geometry.toSourceY((double) minY / h);
        double x1 = geometry.toSourceX((double) (maxX + 1) / w);
        double y1 = geometry.toSourceY((double) (maxY + 1) / h);
        double peakX = geometry.toSourceX((peak % w + 0.5) / w);
        double peakY = geometry.toSourceY((peak / w + 0.5) / h);
        List<Double> bbox = List.of(round(x0, 3), round(y0, 3), round(x1 - x0, 3), round(y1 - y0, 3));
        Finding.Code code = condition.code() == null ? null
                : new Finding.Code(condition.system(), condition.code(), condition.codeDisplay());
        return new Finding(label, condition.display(), code, round(probability * 100, 1), severity, urgency,
                new Finding.Location(Locations.describe(bundle.locationScheme(), peakX, peakY), bbox));
    }

    private static List<Double> toList(double[] map) {
        List<Double> list = new ArrayList<>(map.length);
        for (double v : map) {
            list.add(round(v, 3));
        }
        return list;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
