package org.bounceguard.benchmarks.bounce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bounceguard.bounce.BounceParser;
import org.bounceguard.bounce.BounceReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Messages per second of {@link BounceParser} on one thread over a folder of the shared corpus
 * ({@code bounces} or {@code ham}), every file pre-loaded into a byte array. One benchmark
 * operation parses one whole folder; the score is scaled to messages with
 * {@link #messagesPerSecond(double, int)} by the runner script, since the folder sizes differ.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BounceParserBenchmark {
    @Param({"bounces", "ham"})
    public String folder;

    @Param({"../shared/corpus"})
    public String corpus;

    private final BounceParser parser = new BounceParser();
    private byte[][] messages;

    @Setup
    public void load() {
        messages = load(Path.of(corpus).resolve(folder));
    }

    static byte[][] load(Path folder) {
        try (Stream<Path> paths = Files.list(folder)) {
            List<byte[]> loaded = new ArrayList<>();
            for (Path path : paths.filter(path -> path.toString().endsWith(".eml")).sorted().toList()) {
                loaded.add(Files.readAllBytes(path));
            }
            return loaded.toArray(byte[][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One pass over the whole folder: the score is folders per second. */
    @Benchmark
    public void parseFolder(Blackhole blackhole) {
        for (byte[] message : messages) {
            BounceReport report = parser.parse(message, Optional.empty());
            blackhole.consume(report);
        }
    }

    public static double messagesPerSecond(double foldersPerSecond, int messages) {
        return foldersPerSecond * messages;
    }
}
