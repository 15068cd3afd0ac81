package org.fractify.testsupport;

/** Reads a service's metrics in the Prometheus text format (GET /q/metrics), for assertions in tests. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The sum of the samples of {@code name} (e.g. {@code fractify_report_events_consumed_total}) that carry every
     * one of {@code labels} (each {@code key=value}); 0 when there is none.
     */
    public static double sum(String exposition, String name, String... labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int end = line.indexOf('}');
            String labelText = line.startsWith(name + "{") ? line.substring(name.length() + 1, end) : "";
            boolean matches = true;
            for (String label : labels) {
                String[] kv = label.split("=", 2);
                matches &= ("," + labelText + ",").contains("," + kv[0] + "=\"" + kv[1] + "\",");
            }
            if (matches) {
                String[] rest = line.substring(end < 0 ? name.length() : end + 1).trim().split(" ");
                sum += Double.parseDouble(rest[0]);
            }
        }
        return sum;
    }
}
