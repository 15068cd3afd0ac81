package org.fractify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of the local stack's processes, read from Linux's /proc: the services and Kafka by
 * the PID files ./fractify writes, PostgreSQL by process name (it may be the machine's own server). The
 * benchmark prints the difference per scan, which says where a scan's CPU goes; elsewhere it prints nothing.
 */
final class ProcessCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux architecture we run on

    private ProcessCpu() {
    }

    /**
     * Seconds of CPU per process name, from {@code proc} (Linux: /proc) and the PID files in {@code runDir};
     * empty when either is missing.
     */
    static Map<String, Double> snapshot(Path proc, Path runDir) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.isDirectory(proc) || !Files.isDirectory(runDir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(runDir)) {
            // PostgreSQL (embedded or the machine's) is counted below by its server processes, not its launcher.
            files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .filter(f -> !f.getFileName().toString().equals("postgres.pid")).sorted().forEach(f -> {
                try {
                    String pid = Files.readString(f).trim().split("\\s+")[0];
                    String name = f.getFileName().toString().replace(".pid", "");
                    cpuSeconds(proc, pid).ifPresent(s -> out.merge(name, s, Double::sum));
                } catch (IOException | RuntimeException e) {
                    // a service that is not running has no figure
                }
            });
        } catch (IOException e) {
            return out;
        }
        try (Stream<Path> procs = Files.list(proc)) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).sorted().forEach(p -> {
                try {
                    if (Files.readString(p.resolve("comm")).trim().startsWith("postgres")) {
                        cpuSeconds(proc, p.getFileName().toString()).ifPresent(s -> out.merge("postgres", s, Double::sum));
                    }
                } catch (IOException | RuntimeException e) {
                    // exited while listed
                }
            });
        } catch (IOException e) {
            // no PostgreSQL figure
        }
        return out;
    }

    /**
     * The CPU milliseconds per scan each process spent between two snapshots, as printed lines; empty when
     * either snapshot is.
     */
    static String report(Map<String, Double> before, Map<String, Double> after, int scans) {
        if (before.isEmpty() || after.isEmpty()) {
            return "";
        }
        double total = 0;
        StringBuilder line = new StringBuilder();
        for (var e : after.entrySet()) {
            double ms = 1000 * (e.getValue() - before.getOrDefault(e.getKey(), e.getValue())) / scans;
            if (ms < 0) {
                continue; // restarted in between
            }
            total += ms;
            line.append(String.format(Locale.ROOT, "  %s %.1f ms", e.getKey(), ms));
        }
        return "CPU per scan during the concurrency-8 run (user + system, all cores, from /proc):\n" + line + "\n"
                + String.format(Locale.ROOT, "  total %.1f ms of CPU per scan%n", total);
    }

    /** utime + stime of {@code proc/pid/stat}, in seconds; empty when there is no such process. */
    static Optional<Double> cpuSeconds(Path proc, String pid) throws IOException {
        Path stat = proc.resolve(pid).resolve("stat");
        if (!Files.exists(stat)) {
            return Optional.empty();
        }
        String s = Files.readString(stat);
        // The command, in parentheses, may itself hold spaces and parentheses: the fields start after the last ')'.
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // fields after the command: state(0) ... utime(11) stime(12), per proc(5)
        return Optional.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
    }
}
