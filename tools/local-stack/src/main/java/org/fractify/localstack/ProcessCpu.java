package org.fractify.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    /** Seconds of CPU per process name; empty when /proc or the PID files are missing. */
    static Map<String, Double> snapshot(Path runDir) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.isDirectory(Path.of("/proc")) || !Files.isDirectory(runDir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(runDir)) {
            // PostgreSQL (embedded or the machine's) is counted below by its server processes, not its launcher.
            files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .filter(f -> !f.getFileName().toString().equals("postgres.pid")).sorted().forEach(f -> {
                try {
                    String pid = Files.readString(f).trim().split("\\s+")[0];
                    String name = f.getFileName().toString().replace(".pid", "");
                    cpuSeconds(pid).ifPresent(s -> out.merge(name, s, Double::sum));
                } catch (IOException | RuntimeException e) {
                    // a service that is not running has no figure
                }
            });
        } catch (IOException e) {
            return out;
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    if (Files.readString(p.resolve("comm")).trim().startsWith("postgres")) {
                        cpuSeconds(p.getFileName().toString()).ifPresent(s -> out.merge("postgres", s, Double::sum));
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

    /** Prints the CPU milliseconds per scan each process spent between two snapshots. */
    static void print(Map<String, Double> before, Map<String, Double> after, int scans) {
        if (before.isEmpty() || after.isEmpty()) {
            return;
        }
        System.out.println("CPU per scan during the concurrency-8 run (user + system, all cores, from /proc):");
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
        System.out.println(line);
        System.out.printf(Locale.ROOT, "  total %.1f ms of CPU per scan%n", total);
    }

    private static java.util.Optional<Double> cpuSeconds(String pid) throws IOException {
        Path stat = Path.of("/proc", pid, "stat");
        if (!Files.exists(stat)) {
            return java.util.Optional.empty();
        }
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // fields after the command: state(0) ... utime(11) stime(12), per proc(5)
        return java.util.Optional.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND);
    }
}
