package dev.hearth.bench.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A closed-loop load: {@code clients} virtual threads each send the next request as soon as the last answered. */
final class Load {

    /** Requests per second and latency percentiles (ms) of one run. */
    record Result(double throughput, double p50, double p99, long errors) {}

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Result run(URI uri, String token, String body, int clients, Duration length) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 20];
            int[] count = new int[1];
            latencies.add(mine);
            threads.add(Thread.ofVirtual().start(() -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
                if (token != null) b.header("Authorization", "Bearer " + token);
                HttpRequest request = body == null ? b.GET().build()
                        : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                while (System.nanoTime() < end && count[0] < mine.length - 1) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) errors.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    mine[++count[0]] = System.nanoTime() - t0;
                }
                mine[0] = count[0];
            }));
        }
        for (Thread t : threads) t.join();
        long total = latencies.stream().mapToLong(l -> l[0]).sum();
        long[] all = new long[(int) total];
        int i = 0;
        for (long[] l : latencies) for (int k = 1; k <= l[0]; k++) all[i++] = l[k];
        Arrays.sort(all);
        return new Result(total / (double) length.toMillis() * 1000.0, percentile(all, 0.50), percentile(all, 0.99), errors.get());
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
