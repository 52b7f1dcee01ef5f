package org.bounceguard.benchmarks.bounce;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;

import org.bounceguard.benchmarks.ProcessCpu;
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

    /** What {@link ProcessCpu#compilerThreadSeconds} says of this JVM, in nanoseconds; 0 where {@code /proc} cannot be read. */
    private static long compilerThreadsCpuNanos() {
        try {
            return (long) (ProcessCpu.compilerThreadSeconds(ProcessHandle.current().pid()) * 1e9);
        } catch (java.io.IOException | RuntimeException notLinux) {
            return 0;
        }
    }

    private static long parseAll(BounceParser parser, byte[][] messages) {
        long recipients = 0;
        for (byte[] message : messages) {
            recipients += parser.parse(message, Optional.empty()).recipients().size() + 1;
        }
        return recipients;
    }
}
