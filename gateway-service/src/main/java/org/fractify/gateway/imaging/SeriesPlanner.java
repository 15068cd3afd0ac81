package org.fractify.gateway.imaging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fractify.contracts.Modality;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Series mode's decisions, as a pure function of the files' headers: which series, in which order, which
 * slice represents it and which few slices inference analyses (docs/decisions/0008-series-mode.md).
 */
final class SeriesPlanner {

    /** What the planner needs of one file. {@code position}/{@code orientation} may be null. */
    public record Slice(int file, String label, String seriesInstanceUid, String sopInstanceUid,
            Integer instanceNumber, double[] position, double[] orientation, String viewPosition) {
    }

    /**
     * The plan for one request.
     *
     * @param ordered        the chosen series' slices, in order
     * @param representative index (in {@code ordered}) of the slice that represents the series
     * @param candidates     indexes (in {@code ordered}, ascending) of the slices to analyse, the representative
     *                       included
     * @param rule           what was done, in words, for the response's {@code series.rule}
     */
    public record Plan(String seriesInstanceUid, List<Slice> ordered, int representative, List<Integer> candidates,
            String rule) {
    }

    /** The part of a volume where each model's findings are expected, as fractions of the slice range. */
    private record Band(double from, double to, String words) {
    }

    private static final Map<Modality, Band> BANDS = Map.of(
            Modality.CT_BRAIN, new Band(1 / 3.0, 2 / 3.0, "the middle third"),
            Modality.BRAIN_MRI, new Band(1 / 3.0, 2 / 3.0, "the middle third"),
            Modality.CT_CHEST, new Band(0.2, 0.8, "the middle 60%"),
            Modality.ABDOMINAL_CT, new Band(0.25, 0.75, "the middle half"));

    /** Orientations whose normals differ by less than this (cosine) belong to one stack. */
    private static final double SAME_DIRECTION = 0.999;

    private SeriesPlanner() {
    }

    public static Plan plan(List<Slice> files, Modality modality, Optional<String> chosenSeries, int maxCandidates) {
        String uid = chooseSeries(files, chosenSeries);
        List<Slice> slices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Slice s : files) {
            // the same instance sent twice counts once
            if (s.seriesInstanceUid().equals(uid) && (s.sopInstanceUid() == null || seen.add(s.sopInstanceUid()))) {
                slices.add(s);
            }
        }
        String ordering = order(slices);
        int n = slices.size();
        Band band = BANDS.get(modality);
        int representative;
        String representativeWords;
        if (band != null) {
            representative = (n - 1) / 2;
            representativeWords = "the middle slice";
        } else if (modality == Modality.CHEST_XRAY) {
            representative = firstView(slices, "PA").or(() -> firstView(slices, "AP")).orElse(0);
            representativeWords = "the first PA (else AP, else first) view";
        } else {
            representative = 0;
            representativeWords = "the first image";
        }
        int max = Math.max(1, maxCandidates);
        List<Integer> candidates;
        String candidateWords;
        if (n <= max) {
            candidates = range(0, n - 1);
            candidateWords = "all " + n + " analysed";
        } else {
            int lo = 0;
            int hi = n - 1;
            if (band != null) {
                lo = (int) Math.floor(n * band.from());
                hi = Math.max(lo, (int) Math.ceil(n * band.to()) - 1);
            }
            List<Integer> pool = new ArrayList<>(range(lo, hi));
            pool.remove(Integer.valueOf(representative));
            TreeSet<Integer> chosen = new TreeSet<>(spread(pool, max - 1));
            chosen.add(representative);
            candidates = List.copyOf(chosen);
            candidateWords = candidates.size() + " analysed, evenly spaced over "
                    + (band == null ? "the series" : band.words());
        }
        String rule = String.format(Locale.ROOT, "%s: %d slices ordered by %s; representative: %s (index %d); "
                + "candidates: %s", modality.wireName(), n, ordering, representativeWords, representative,
                candidateWords);
        return new Plan(uid, List.copyOf(slices), representative, candidates, rule);
    }

    private static String chooseSeries(List<Slice> files, Optional<String> chosen) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Slice s : files) {
            if (s.seriesInstanceUid() == null) {
                throw new ProblemException(ProblemType.DICOM_MALFORMED, s.label()
                        + " has no Series Instance UID (0020,000E), which series mode needs in every file");
            }
            counts.merge(s.seriesInstanceUid(), 1, Integer::sum);
        }
        String listed = counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue()
                + (e.getValue() == 1 ? " file)" : " files)")).collect(Collectors.joining(", "));
        if (chosen.isPresent()) {
            if (!counts.containsKey(chosen.get())) {
                throw new ProblemException(ProblemType.SERIES_AMBIGUOUS, "'series_instance_uid' " + chosen.get()
                        + " is not the series of any file sent; the files belong to " + listed);
            }
            return chosen.get();
        }
        if (counts.size() > 1) {
            throw new ProblemException(ProblemType.SERIES_AMBIGUOUS, "The files belong to " + counts.size()
                    + " series: " + listed + "; name the one to analyse in 'series_instance_uid'");
        }
        return counts.keySet().iterator().next();
    }

    /**
     * Sorts in place: by position along the slice normal when every slice has a position and all share one
     * orientation (PS3.3 C.7.6.2.1.1), else by Instance Number, else as sent. Ties keep a stable order.
     */
    static String order(List<Slice> slices) {
        Comparator<Slice> byInstance = Comparator.comparing(Slice::instanceNumber,
                Comparator.nullsLast(Comparator.naturalOrder()));
        double[] normal = commonNormal(slices);
        if (normal != null) {
            slices.sort(Comparator.<Slice>comparingDouble(s -> dot(s.position(), normal)).thenComparing(byInstance));
            return "ImagePositionPatient along the slice normal";
        }
        if (slices.stream().allMatch(s -> s.instanceNumber() != null)) {
            slices.sort(byInstance);
            return "InstanceNumber";
        }
        return "the order sent (no position or instance number in every file)";
    }

    private static double[] commonNormal(List<Slice> slices) {
        double[] normal = null;
        for (Slice s : slices) {
            if (s.position() == null || s.orientation() == null) {
                return null;
            }
            double[] o = s.orientation();
            double[] nrm = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
            double len = Math.sqrt(dot(nrm, nrm));
            if (!(len > 1e-6)) {
                return null;
            }
            for (int i = 0; i < 3; i++) {
                nrm[i] /= len;
            }
            if (normal == null) {
                normal = nrm;
            } else if (Math.abs(dot(normal, nrm)) < SAME_DIRECTION) {
                return null; // a localiser or another plane among the slices: no common axis
            }
        }
        return normal;
    }

    private static Optional<Integer> firstView(List<Slice> slices, String view) {
        for (int i = 0; i < slices.size(); i++) {
            if (view.equalsIgnoreCase(slices.get(i).viewPosition())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** {@code count} elements of {@code pool} spread evenly from its first to its last. */
    static List<Integer> spread(List<Integer> pool, int count) {
        if (count <= 0 || pool.isEmpty()) {
            return List.of();
        }
        if (pool.size() <= count) {
            return pool;
        }
        if (count == 1) {
            return List.of(pool.get(pool.size() / 2));
        }
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.add(pool.get((int) Math.round(k * (pool.size() - 1) / (double) (count - 1))));
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
