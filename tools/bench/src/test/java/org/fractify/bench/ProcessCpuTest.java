package org.fractify.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU accounting from a /proc and a run directory laid out as Linux and ./fractify lay them out. */
class ProcessCpuTest {

    @TempDir
    Path tmp;

    /** A /proc/PID/stat line: utime and stime are fields 14 and 15 of proc(5), in ticks of 1/100 s. */
    private void process(Path proc, int pid, String comm, long utime, long stime) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S 1 " + pid + " " + pid
                + " 0 -1 4194560 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0 12345 1000 200\n");
        Files.writeString(dir.resolve("comm"), comm + "\n");
    }

    @Test
    void servicesCountByPidFileAndPostgresByEveryServerProcess() throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Path run = Files.createDirectories(tmp.resolve("run"));
        process(proc, 100, "java", 250, 50);
        process(proc, 200, "java", 1000, 0);
        process(proc, 300, "postgres", 30, 10);
        process(proc, 301, "postgres: walwriter", 5, 5);
        process(proc, 400, "bash", 999, 999);
        Files.writeString(run.resolve("gateway-service.pid"), "100 4711\n");
        Files.writeString(run.resolve("kafka.pid"), "200 4712\n");
        Files.writeString(run.resolve("postgres.pid"), "300 4713\n"); // the launcher: counted by process name
        Files.writeString(run.resolve("report-service.pid"), "999 1\n"); // not running
        Files.writeString(run.resolve("notes.txt"), "not a pid file");
        Files.createDirectories(proc.resolve("self"));

        Map<String, Double> cpu = ProcessCpu.snapshot(proc, run);

        assertThat(cpu).containsOnlyKeys("gateway-service", "kafka", "postgres");
        assertThat(cpu.get("gateway-service")).isEqualTo(3.0);
        assertThat(cpu.get("kafka")).isEqualTo(10.0);
        assertThat(cpu.get("postgres")).isEqualTo(0.5);
    }

    @Test
    void aCommandWithSpacesAndParenthesesDoesNotShiftTheFields() throws IOException {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        process(proc, 7, "a (b) c", 120, 80);
        assertThat(ProcessCpu.cpuSeconds(proc, "7")).hasValue(2.0);
        assertThat(ProcessCpu.cpuSeconds(proc, "8")).isEmpty();
    }

    @Test
    void withoutProcOrRunDirectoryThereIsNoFigure() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        assertThat(ProcessCpu.snapshot(tmp.resolve("no-proc"), run)).isEmpty();
        assertThat(ProcessCpu.snapshot(run, tmp.resolve("no-run"))).isEmpty();
    }

    @Test
    void theReportGivesMillisecondsPerScanAndSkipsARestartedProcess() {
        Map<String, Double> before = new LinkedHashMap<>();
        before.put("gateway-service", 10.0);
        before.put("inference-service", 100.0);
        before.put("kafka", 50.0);
        Map<String, Double> after = new LinkedHashMap<>();
        after.put("gateway-service", 12.0);
        after.put("inference-service", 110.0);
        after.put("kafka", 1.0); // restarted: less CPU than before
        after.put("postgres", 3.0); // new: nothing to compare with
        assertThat(ProcessCpu.report(before, after, 100)).isEqualTo(
                "CPU per scan during the concurrency-8 run (user + system, all cores, from /proc):\n"
                        + "  gateway-service 20.0 ms  inference-service 100.0 ms  postgres 0.0 ms\n"
                        + "  total 120.0 ms of CPU per scan" + System.lineSeparator());
        assertThat(ProcessCpu.report(Map.of(), after, 100)).isEmpty();
    }
}
