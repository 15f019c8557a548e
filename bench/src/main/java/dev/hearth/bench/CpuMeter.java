package dev.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with work other than this process: busy CPU time from /proc/stat minus this process's
 * own (/proc/self/stat), as a share of all cores. Other work on a 2-core machine slows llama.cpp's threads
 * directly, so the report states it. Reads nothing and reports NaN where /proc is absent.
 */
final class CpuMeter {

    /** Busy and own CPU time in clock ticks, and the wall time, at one moment. */
    record Sample(long busyTicks, long ownTicks, long totalTicks, long nanos) {

        /** Share of all cores spent on other processes between {@code this} and {@code later}. */
        double backgroundShare(Sample later) {
            long total = later.totalTicks - totalTicks;
            if (total <= 0 || busyTicks < 0) return Double.NaN;
            long other = (later.busyTicks - busyTicks) - (later.ownTicks - ownTicks);
            return Math.max(0, (double) other / total);
        }
    }

    private CpuMeter() {}

    static Sample sample() {
        long now = System.nanoTime();
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0, idle = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) total += Long.parseLong(cpu[i]);
            idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);   // idle + iowait
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);  // utime, stime (fields 14, 15)
            return new Sample(total - idle, own, total, now);
        } catch (IOException | RuntimeException e) {
            return new Sample(-1, 0, 0, now);
        }
    }
}
