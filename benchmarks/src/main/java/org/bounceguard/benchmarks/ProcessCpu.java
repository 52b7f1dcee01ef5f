package org.bounceguard.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of a process and of its JIT compiler threads, from Linux's {@code /proc} (proc(5)), for
 * benchmarks that compare CPU per message across processes or leave the JIT's share out.
 */
public final class ProcessCpu {
    /** {@code getconf CLK_TCK}, which the benchmark scripts pass as {@code -Dclock.ticks}. */
    private static final int CLOCK_TICKS_PER_SECOND = Integer.getInteger("clock.ticks", 100);

    private ProcessCpu() {
    }

    /** User plus system CPU seconds the process has used so far, all its threads. */
    public static double seconds(long pid) throws IOException {
        return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** The sum of {@link #seconds(long)} over several processes. */
    public static double seconds(List<Long> pids) throws IOException {
        double total = 0;
        for (long pid : pids) {
            total += seconds(pid);
        }
        return total;
    }

    /**
     * CPU seconds of the process's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"),
     * which live as long as the JVM: their difference over a batch is what compiling cost during it.
     */
    public static double compilerThreadSeconds(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).matches("C[12] CompilerThre.*")) {
                    ticks += ticks(stat);
                }
            }
        }
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** utime + stime of a {@code stat} line; the command name before them is in parentheses and may hold spaces. */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
