package dev.hearth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Memory read bandwidth, measured several ways because no single loop is guaranteed to reach the limit: a
 * summing loop over a Java array, an unrolled loop over off-heap memory, bulk copies from a large region into a
 * small cache-resident buffer, and reads of a model file mapped from the page cache (what llama.cpp reads).
 * Each way runs on 1 thread and on every available core; each takes its best of several passes. The best
 * figure over all of them is the bandwidth the decode rates are compared with.
 */
final class MemoryBandwidth {

    /** One way of reading, on some number of threads, and the best rate it reached. */
    record Result(String method, int threads, double bytesPerSecond) {
        double gbPerSecond() {
            return bytesPerSecond / 1e9;
        }
    }

    private interface Reader {
        /** Reads bytes [from, to) of the region and returns something derived from every byte read. */
        long read(long from, long to);
    }

    private static final long REGION = 1L << 30;         // 1 GiB: far beyond any cache
    private static final int PASSES = 6;
    private static final AtomicLong SINK = new AtomicLong();

    private MemoryBandwidth() {}

    /** Measures with every method; {@code mappedFile}, when not null, is also read through an mmap. */
    static List<Result> measure(Path mappedFile) {
        List<Integer> threadCounts = Runtime.getRuntime().availableProcessors() > 1
                ? List.of(1, Runtime.getRuntime().availableProcessors()) : List.of(1);
        List<Result> results = new ArrayList<>();

        long[] heap = new long[(int) (REGION / Long.BYTES)];
        for (int i = 0; i < heap.length; i++) heap[i] = i;
        for (int t : threadCounts) results.add(run("Java long[] sum", t, REGION, (a, b) -> sumArray(heap, a, b)));

        try (Arena arena = Arena.ofShared()) {
            MemorySegment off = arena.allocate(REGION, 4096);
            off.fill((byte) 1);
            for (int t : threadCounts) results.add(run("off-heap sum, 4 accumulators", t, REGION, (a, b) -> sumSegment(off, a, b)));
            for (int t : threadCounts) {
                ThreadLocal<MemorySegment> scratch = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(COPY_CHUNK, 64));
                results.add(run("bulk copy into a 32 KiB buffer", t, REGION, (a, b) -> copyOut(off, scratch.get(), a, b)));
            }
        }

        if (mappedFile != null) {
            try (Arena arena = Arena.ofShared(); FileChannel ch = FileChannel.open(mappedFile, StandardOpenOption.READ)) {
                long size = ch.size() & ~4095L;
                MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                sumSegment(mapped, 0, size);      // fault the pages in once
                for (int t : threadCounts) {
                    results.add(run("mmap of " + mappedFile.getFileName() + ", sum", t, size, (a, b) -> sumSegment(mapped, a, b)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return results;
    }

    static Result best(List<Result> results) {
        return results.stream().max(Comparator.comparingDouble(Result::bytesPerSecond)).orElseThrow();
    }

    /** Splits [0, size) among {@code threads} threads that start together; returns the best pass. */
    private static Result run(String method, int threads, long size, Reader reader) {
        double best = 0;
        long slice = (size / threads) & ~63L;
        for (int pass = 0; pass < PASSES; pass++) {
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            CyclicBarrier end = new CyclicBarrier(threads + 1);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                long from = i * slice;
                long to = from + slice;
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        SINK.addAndGet(reader.read(from, to));
                        end.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            try {
                start.await();
                long t0 = System.nanoTime();
                end.await();
                long nanos = System.nanoTime() - t0;
                best = Math.max(best, slice * threads * 1e9 / nanos);
                for (Thread w : workers) w.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new Result(method, threads, best);
    }

    private static long sumArray(long[] a, long fromByte, long toByte) {
        int from = (int) (fromByte / Long.BYTES), to = (int) (toByte / Long.BYTES);
        long s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s;
    }

    private static long sumSegment(MemorySegment m, long from, long to) {
        long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        long i = from;
        for (; i + 32 <= to; i += 32) {
            s0 += m.get(JAVA_LONG, i);
            s1 += m.get(JAVA_LONG, i + 8);
            s2 += m.get(JAVA_LONG, i + 16);
            s3 += m.get(JAVA_LONG, i + 24);
        }
        return s0 + s1 + s2 + s3;
    }

    private static final long COPY_CHUNK = 32 * 1024;

    private static long copyOut(MemorySegment src, MemorySegment dst, long from, long to) {
        for (long i = from; i < to; i += COPY_CHUNK) {
            MemorySegment.copy(src, i, dst, 0, Math.min(COPY_CHUNK, to - i));
        }
        return dst.get(JAVA_LONG, 0);
    }
}
