package dev.hearth.engine.llama;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibrariesTest {

    @Test
    void workersExtractingIntoOneFreshCacheAtOnceAllGetTheCompleteCopyAndLeaveNoStagingBehind(@TempDir Path cache)
            throws Exception {
        // Two replicas of a new endpoint start together on a fresh HEARTH_HOME: each extracts, one rename wins, and
        // the other must use the winner's copy instead of failing with "Directory not empty".
        int racers = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<NativeLibraries>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(racers)) {
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return NativeLibraries.inCache(cache);
                }));
            }
            start.countDown();
            List<Path> dirs = new ArrayList<>();
            for (Future<NativeLibraries> r : results) dirs.add(r.get().directory());
            assertThat(dirs).containsOnly(dirs.getFirst());
            assertThat(dirs.getFirst().resolve("index.txt")).isRegularFile();
            assertThat(dirs.getFirst().resolve(NativeLibraries.libraryFile(dirs.getFirst(), "libllama"))).isRegularFile();
        }
        try (var left = Files.list(cache)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".extract-"));
        }
    }
}
