package org.bounceguard.benchmarks.bounce;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;

import org.bounceguard.bounce.BounceParser;

/**
 * Messages per second of CPU time: the same loop as {@link BounceParserBenchmark}, timed with the
 * process's CPU time (every JVM thread, GC and JIT included) instead of the wall clock, so that
 * other processes sharing the machine do not distort the comparison with Sisimai, which
 * {@code benchmarks/bounce-vs-sisimai} times the same way (Perl's {@code times}).
 *
 * <p>{@code java ... BounceParserCpuRate CORPUS FOLDER WARMUP_PASSES MEASURED_PASSES} prints
 * {@code files messages_per_process_cpu_second messages_per_wall_second messages_per_thread_cpu_second
 * messages_per_process_cpu_second_without_jit}: the last leaves out the JIT compiler threads (on Linux,
 * where their CPU is readable in {@code /proc/self/task}; elsewhere it equals the first), which may
 * still be compiling during the timed passes.
 */
public final class BounceParserCpuRate {
    private BounceParserCpuRate() {
    }

    public static void main(String[] args) {
        byte[][] messages = BounceParserBenchmark.load(Path.of(args[0]).resolve(args[1]));
        int warmup = Integer.parseInt(args[2]);
        int passes = Integer.parseInt(args[3]);
        BounceParser parser = new BounceParser();
        long sink = 0;
        for (int pass = 0; pass < warmup; pass++) {
            sink += parseAll(parser, messages);
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long threadStart = threads.getCurrentThreadCpuTime();
        long cpuStart = os.getProcessCpuTime();
        long jitStart = compilerThreadsCpuNanos();
        long wallStart = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            sink += parseAll(parser, messages);
        }
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        double jitSeconds = (compilerThreadsCpuNanos() - jitStart) / 1e9;
        double threadSeconds = (threads.getCurrentThreadCpuTime() - threadStart) / 1e9;
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        long parsed = (long) messages.length * passes;
        System.out.printf("%d %.0f %.0f %.0f %.0f%n", messages.length, parsed / cpuSeconds, parsed / wallSeconds, parsed / threadSeconds,
            parsed / (cpuSeconds - jitSeconds));
        if (sink == 42) {
            System.err.println();
        }
    }

    /** CPU of the threads named "C1/C2 CompilerThre..." so far, from {@code /proc/self/task/<tid>/stat}; 0 where unreadable. */
    static long compilerThreadsCpuNanos() {
        long ticks = 0;
        try (java.util.stream.Stream<Path> tasks = java.nio.file.Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).matches("C[12] CompilerThre.*")) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        } catch (java.io.IOException | RuntimeException notLinux) {
            return 0;
        }
        return ticks * 1_000_000_000L / Long.getLong("clock.ticks", 100);
    }

    private static long parseAll(BounceParser parser, byte[][] messages) {
        long recipients = 0;
        for (byte[] message : messages) {
            recipients += parser.parse(message, Optional.empty()).recipients().size() + 1;
        }
        return recipients;
    }
}
